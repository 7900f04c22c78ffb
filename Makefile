.PHONY: demo test lint samples clean

demo:  ## install what is missing, digitize sample_scans/ with the nightly flow, print the report
	scripts/demo.sh

test:  ## install what is missing, run ruff and every test (real Tesseract, SeaweedFS, Prefect)
	scripts/test.sh

lint:
	.venv/bin/ruff check .

samples:  ## regenerate sample_scans/ from the text in sohoa/samples/
	scripts/bootstrap.sh && .venv/bin/sohoa samples

clean:  ## forget the demo's state (catalogue, stored objects, Prefect database)
	rm -rf .sohoa
