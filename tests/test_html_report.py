"""The HTML report as an auditor sees it: opened in headless Chromium (Debian's `chromium`)."""

import shutil
import subprocess
from datetime import date
from pathlib import Path

import numpy as np
from PIL import Image

from pipeline.models import Level, RegisterEntry
from pipeline.render.html import render_html
from pipeline.report import build_report

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def chromium() -> str:
    path = shutil.which("chromium")
    assert path, "chromium is not installed: run scripts/test.sh (it installs Debian's chromium)"
    return path


def test_html_report_shows_chart_against_targets_and_tables(tmp_path: Path):
    entries = [RegisterEntry(f"R{i}", "1.001193", "Đăng ký khai sinh", "Hộ tịch", unit,
                             f"Xã {unit}", Level.COMMUNE, date(2024, 1, 1)) for i, unit in
               enumerate(["Đông Hòa", "Đông Hòa", "Tân Lập", "Tân Lập", "Phú Mỹ"])]
    report = build_report(entries, {"R0", "R1", "R2"}, date(2025, 6, 30),
                          {Level.DISTRICT: 0.60, Level.COMMUNE: 0.55}, [], [])
    page = tmp_path / "bao-cao.html"
    page.write_text(render_html(report), encoding="utf-8")
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "html-report.png"
    shot.unlink(missing_ok=True)
    profile = tmp_path / "profile"
    run = [chromium(), *FLAGS, f"--user-data-dir={profile}"]
    subprocess.run([*run, f"--screenshot={shot}", "--window-size=1000,1400", page.as_uri()],
                   check=True, capture_output=True, timeout=120)
    dom = subprocess.run([*run, "--dump-dom", page.as_uri()], check=True, capture_output=True,
                         text=True, timeout=120).stdout
    assert dom.count('class="bar ') == 3 and 'class="target"' in dom  # 3 units, target lines
    assert '<table class="units">' in dom and "Tân Lập" in dom and "Chưa đạt" not in dom
    assert "Đạt" in dom  # 3 of 5 = 60% meets 55%

    img = np.asarray(Image.open(shot).convert("RGB")).astype(int)
    green = ((img[..., 1] > 100) & (img[..., 0] < 80) & (img[..., 2] < 80)).sum()
    red = ((img[..., 0] > 150) & (img[..., 1] < 80) & (img[..., 2] < 80)).sum()
    assert green > 500 and red > 500  # bars drawn: units over (green) and under (red) target
