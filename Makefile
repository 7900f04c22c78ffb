.PHONY: demo test lint samples clean train-names train-faded bench-ocr bench-signer bench-scale bench-workers bench-hostile bench-intake

demo:  ## install what is missing, digitize sample_scans/ with the nightly flow, print the report
	scripts/demo.sh

test:  ## install what is missing, run ruff and every test (real Tesseract, SeaweedFS, Prefect)
	scripts/test.sh

lint:
	.venv/bin/ruff check .

samples:  ## regenerate sample_scans/ from the text in sohoa/samples/
	scripts/bootstrap.sh && .venv/bin/sohoa samples

.PHONY: bench-corpus
bench-corpus:  ## write the held-out and tuning OCR corpora to .sohoa/bench-corpus/ (ARGS="--out DIR")
	SOHOA_BENCH=1 scripts/bootstrap.sh && .venv/bin/python -m benchmarks.corpus $(ARGS)

train-names:  ## train the signer's name reader again on drawn name lines (ocr/models/names/; PyTorch CPU, ~15 min)
	SOHOA_BENCH=1 scripts/bootstrap.sh && .venv/bin/python -m pip install -q -e '.[dev,bench,train]' \
	  && .venv/bin/python -m benchmarks.namereader --out ocr/models/names $(ARGS)

train-faded:  ## train the faded-print reader again on drawn lines of running text (ocr/models/faded/; PyTorch CPU, ~41 min)
	SOHOA_BENCH=1 scripts/bootstrap.sh && .venv/bin/python -m pip install -q -e '.[dev,bench,train]' \
	  && .venv/bin/python -m benchmarks.fadedreader --out ocr/models/faded $(ARGS)

bench-ocr:  ## OCR on held-out, tuning, dev, dev-wide: sohoa vs Tesseract vs OCRmyPDF (ARGS="--sets … --engines …")
	SOHOA_BENCH=1 scripts/bootstrap.sh && .venv/bin/python -m benchmarks.corpus \
	  && .venv/bin/python benchmarks/ocr_quality.py $(ARGS)

bench-signer:  ## the signer's name under the seal on generated pages (other names, seal heights)
	scripts/bootstrap.sh && .venv/bin/python benchmarks/signer_names.py

bench-workers:  ## the nightly flow at 1 and 2 OCR worker processes: pages/minute
	scripts/bootstrap.sh && .venv/bin/python benchmarks/flow_workers.py

bench-scale:  ## register import and report time for 10M rows on SQLite and PostgreSQL (ARGS="--rows 1000000 …")
	SOHOA_TESTS=1 scripts/bootstrap.sh && .venv/bin/python benchmarks/register_scale.py --rows 10000000 $(ARGS)

bench-intake:  ## a generated desk day of unnamed batch scans: split and match precision/recall; 300-page PDF pages/minute at 1 and 2 workers vs OCRmyPDF (ARGS="--desk DIR …")
	SOHOA_BENCH=1 scripts/bootstrap.sh && .venv/bin/python -m benchmarks.intake $(ARGS)

bench-hostile:  ## the hostile-input corpus (48 kinds) through a real run: handled / lost / crashed
	scripts/bootstrap.sh && .venv/bin/python benchmarks/hostile.py

clean:  ## forget the demo's state (catalogue, stored objects, Prefect database)
	rm -rf .sohoa
