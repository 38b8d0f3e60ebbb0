"""The phrasings of each triage tuning round, one module a round, as data only: tests/safety/test_triage_concepts.py
registers every module here and says what each list of a module asks."""
