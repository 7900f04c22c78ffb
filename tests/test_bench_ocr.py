"""The OCR benchmark's figures (`benchmarks/ocr_quality.py`), on made-up measurements."""

from benchmarks.ocr_quality import against_baselines


def test_the_bench_gives_sohoas_throughput_as_a_multiple_of_the_baselines_in_the_same_run():
    speed = {"sohoa": {"cpu_s_per_page": 3.33}, "tesseract": {"cpu_s_per_page": 2.24},
             "ocrmypdf": {"cpu_s_per_page": 9.70}}
    assert against_baselines(speed) == "0.67× tesseract, 2.91× ocrmypdf"


def test_without_sohoa_or_a_baseline_no_multiple_is_made_up():
    assert against_baselines({"tesseract": {"cpu_s_per_page": 2.24}}) == ""
    assert against_baselines({"sohoa": {"cpu_s_per_page": 3.33}}) == ""
    assert against_baselines({"sohoa": {"cpu_s_per_page": 0.0},
                              "ocrmypdf": {"cpu_s_per_page": 9.7}}) == ""
