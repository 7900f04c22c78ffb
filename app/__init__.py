"""The application layer: settings, the composition root and the use cases the CLI, the flows
and the tests share. Depends on pipeline/, ocr/ and storage/; nothing there depends on it."""
