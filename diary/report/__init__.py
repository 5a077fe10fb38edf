"""The doctor report: the page, its PDF, the CSV tables and the FHIR bundle."""
