"""FHIR R4 out: a call as CommunicationRequest, each attempt as Communication, and the bundles.

resources.py builds one resource type per function; bundles.py assembles them. Structured
capture (QuestionnaireResponse, Observation) joins by adding its builders to
`bundles.CALL_RESOURCE_BUILDERS`.
"""
