"""Pages of the ledger: thin views that parse input, call one selector or service, and render."""
