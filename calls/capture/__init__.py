"""Structured clinical capture: the questions a call asks, typed answers, FHIR and the nurse review queue."""
