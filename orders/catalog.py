"""The discharge order catalog shipped with PostOp AI, loaded by `manage.py load_order_catalog`.

Prompts are the agent's instructions for the call: greet by first name, state what the patient
was told, ask the one question the call exists for. `purpose` is the short phrase the agent says
for why it is calling ("a reminder about your compression bandage"), written for the patient rather
than the order's title. Every number a patient hears here (days, pounds, the 101 F fever line) must
match the knowledge base's documents for the same procedure group (tests/orders/test_catalog_consistency.py).
Placeholders: {patient_first_name} ({patient_name} is the first name too: the agent never gets
the last name), {order_instructions}, {procedure}, {discharge_date}
and the order's parameters.
A call template's "spoken_purpose" is the topic in words said to the patient ("your compression bandage"),
which the agent uses when it asks about the call's subject; never the order's title.
"""

from __future__ import annotations

from typing import Any

VENOUS_MALFORMATION = "Venous malformation"
GENERAL = "General post-operative"
CHOLECYSTECTOMY = "Laparoscopic cholecystectomy"
TONSILLECTOMY = "Tonsillectomy"

_OPENING = (
    "You are the PostOp AI follow-up assistant calling {patient_first_name} on behalf of their care team, "
    "after their {procedure} on {discharge_date}. "
)

# The questions each order's calls ask: ids in calls.capture.questions.QUESTION_LIBRARY (or full
# question objects). Adding a question to an order is one id in its list.
VM_COMPRESSION_QUESTIONS = ["bandage_removed", "pain_score", "temperature", "red_flag_understanding"]
VM_ACTIVITY_QUESTIONS = ["activity_restrictions_followed", "pain_score"]
VM_SCHOOL_QUESTIONS = ["ready_for_school", "pain_score"]
VM_PAIN_MEDICATION_QUESTIONS = ["pain_score", "pain_controlled", "medicines_as_prescribed"]
VM_WOUND_CARE_QUESTIONS = ["wound_appearance", "temperature"]
VM_FOLLOWUP_APPOINTMENT_QUESTIONS = ["followup_appointment_known", "transport_arranged"]
VM_WARNING_SIGNS_QUESTIONS = ["red_flag_understanding", "pain_score", "temperature"]
POST_WELLNESS_CHECK_QUESTIONS = [
    "pain_score",
    "temperature",
    "medicines_as_prescribed",
    "followup_appointment_known",
    "followup_appointment_date",
    "red_flag_understanding",
]
POST_MEDICATION_ADHERENCE_QUESTIONS = ["medicines_as_prescribed", "side_effects"]
POST_WOUND_CHECK_QUESTIONS = ["wound_appearance", "temperature"]
POST_FOLLOWUP_VISIT_QUESTIONS = ["followup_appointment_known", "transport_arranged"]

ORDER_CATALOG: list[dict[str, Any]] = [
    {
        "key": "vm_compression",
        "title": "Compression bandage",
        "procedure_group": VENOUS_MALFORMATION,
        "sort_order": 10,
        "instructions": (
            "Leave the compression bandage on for 24 hours, then wear it as much as you can tolerate for 7 days."
        ),
        "parameters": [],
        "call_template": {
            "purpose": "a reminder about your compression bandage",
            "questions": VM_COMPRESSION_QUESTIONS,
            "timing": "24_hours_after_discharge",
            "call_type": "discharge_reminder",
            "spoken_purpose": "your compression bandage",
            "priority": 2,
            "prompt_template": _OPENING
            + 'Start with: "Hi {patient_first_name}, this is PostOp AI calling to remind you about your '
            "compression bandage. You were instructed: {order_instructions} It's been about 24 hours since "
            'your procedure. Have you removed the compression bandage as instructed?" Then answer questions '
            "about wearing it as tolerated for the rest of the week.",
        },
    },
    {
        "key": "vm_activity",
        "title": "Activity restrictions",
        "procedure_group": VENOUS_MALFORMATION,
        "sort_order": 20,
        "instructions": (
            "No sports, gym class or heavy lifting for 7 days. Walking and normal daily activities are fine."
        ),
        "parameters": [],
        "call_template": {
            "purpose": "a check-in about taking it easy this week",
            "questions": VM_ACTIVITY_QUESTIONS,
            "timing": "daily_for_2_days_starting_12_hours_after_discharge",
            "call_type": "discharge_reminder",
            "spoken_purpose": "taking it easy after your procedure",
            "priority": 3,
            "prompt_template": _OPENING
            + 'Start with: "Hi {patient_first_name}, this is PostOp AI with a reminder about activity after '
            'your procedure. You were instructed: {order_instructions} How is it going with taking it easy?" '
            "Listen for pain or swelling that gets worse with activity.",
        },
    },
    {
        "key": "vm_school",
        "title": "Return to school or daycare",
        "procedure_group": VENOUS_MALFORMATION,
        "sort_order": 30,
        "instructions": "Your child may return to school or daycare on the date the care team gave you.",
        "parameters": [{"name": "return_date", "label": "Return date", "type": "date", "required": True}],
        "call_template": {
            "purpose": "a reminder about going back to school or daycare",
            "questions": VM_SCHOOL_QUESTIONS,
            "timing": "day_before_date:{return_date}",
            "call_type": "school_return",
            "spoken_purpose": "going back to school or daycare",
            "priority": 3,
            "prompt_template": _OPENING
            + 'Start with: "Hi {patient_first_name}, this is PostOp AI with a reminder call about returning to '
            "school. You were told your child may return to school or daycare on {return_date}. Tomorrow is "
            'the day they may return. Are you feeling ready, and do you have any concerns about returning?"',
        },
    },
    {
        "key": "vm_pain_medication",
        "title": "Pain medication",
        "procedure_group": VENOUS_MALFORMATION,
        "sort_order": 40,
        "instructions": (
            "For pain, take acetaminophen (Tylenol) or ibuprofen (Motrin) as directed on the label. "
            "Do not take more than the label allows in 24 hours."
        ),
        "parameters": [],
        "call_template": {
            "purpose": "a check on how your pain is being managed",
            "questions": VM_PAIN_MEDICATION_QUESTIONS,
            "timing": "8_hours_after_discharge",
            "call_type": "medication_reminder",
            "spoken_purpose": "your pain and your pain medicine",
            "priority": 2,
            "prompt_template": _OPENING
            + 'Start with: "Hi {patient_first_name}, this is PostOp AI checking in about pain after your '
            "procedure. You were instructed: {order_instructions} Is the pain medicine keeping you "
            'comfortable?" If pain is severe or not controlled, tell them to call the clinic.',
        },
    },
    {
        "key": "vm_wound_care",
        "title": "Puncture site care",
        "procedure_group": VENOUS_MALFORMATION,
        "sort_order": 50,
        "instructions": (
            "Keep the puncture sites clean and dry for 48 hours. You may shower after 48 hours; "
            "no baths or swimming for 1 week."
        ),
        "parameters": [],
        "call_template": {
            "purpose": "a check on how the needle sites are healing",
            "questions": VM_WOUND_CARE_QUESTIONS,
            "timing": "2_days_after_discharge",
            "call_type": "wound_check",
            "spoken_purpose": "the puncture sites from your procedure",
            "priority": 3,
            "prompt_template": _OPENING
            + 'Start with: "Hi {patient_first_name}, this is PostOp AI calling about the puncture sites from '
            'your procedure. You were instructed: {order_instructions} How do the sites look today?" Ask '
            "about redness, warmth, drainage or bleeding.",
        },
    },
    {
        "key": "vm_followup_appointment",
        "title": "Follow-up appointment",
        "procedure_group": VENOUS_MALFORMATION,
        "sort_order": 60,
        "instructions": "Keep your follow-up appointment with the vascular anomalies clinic.",
        "parameters": [{"name": "appointment_date", "label": "Appointment date", "type": "date", "required": True}],
        "call_template": {
            "purpose": "a reminder about your follow-up appointment",
            "questions": VM_FOLLOWUP_APPOINTMENT_QUESTIONS,
            "timing": "day_before_date:{appointment_date}",
            "call_type": "followup_appointment",
            "spoken_purpose": "your follow-up appointment",
            "priority": 3,
            "prompt_template": _OPENING
            + 'Start with: "Hi {patient_first_name}, this is PostOp AI reminding you about your follow-up '
            'appointment tomorrow, {appointment_date}. Will you be able to make it?" If not, tell them to '
            "call the clinic to reschedule.",
        },
    },
    {
        "key": "vm_warning_signs",
        "title": "Warning signs",
        "procedure_group": VENOUS_MALFORMATION,
        "sort_order": 70,
        "instructions": (
            "Call the clinic right away for a fever over 101°F (38.3°C), spreading redness, pain or swelling "
            "that keeps getting worse, numbness, or a color change in the treated limb. Call 911 for trouble "
            "breathing or chest pain."
        ),
        "parameters": [],
        "call_template": {
            "purpose": "a check for any warning signs since you got home",
            "questions": VM_WARNING_SIGNS_QUESTIONS,
            "timing": "36_hours_after_discharge",
            "call_type": "warning_signs",
            "spoken_purpose": "how you are feeling after your procedure",
            "priority": 1,
            "prompt_template": _OPENING
            + 'Start with: "Hi {patient_first_name}, this is PostOp AI checking on how you are feeling after '
            "your procedure. You were told: {order_instructions} Have you noticed any of these warning "
            'signs?" If they have, tell them to call the clinic now, or 911 for trouble breathing or chest pain.',
        },
    },
    {
        "key": "post_wellness_check",
        "title": "Wellness check within 24 hours",
        "procedure_group": GENERAL,
        "sort_order": 10,
        "instructions": "Rest today, drink plenty of fluids, and call the clinic if you feel unwell.",
        "parameters": [],
        "call_template": {
            "purpose": "a check on how you are feeling since you got home",
            "questions": POST_WELLNESS_CHECK_QUESTIONS,
            "timing": "within_24_hours",
            "call_type": "wellness_check",
            "spoken_purpose": "how you are feeling since you got home",
            "priority": 1,
            "prompt_template": _OPENING
            + 'Start with: "Hi {patient_first_name}, this is PostOp AI checking in after your procedure. You '
            'were told: {order_instructions} How are you feeling since you got home?" Ask about pain, '
            "nausea, fever and bleeding.",
        },
    },
    {
        "key": "post_medication_adherence",
        "title": "Medication adherence",
        "procedure_group": GENERAL,
        "sort_order": 20,
        "instructions": (
            "Take your medications exactly as prescribed on your discharge paperwork, and finish any antibiotics."
        ),
        "parameters": [],
        "call_template": {
            "purpose": "a reminder about taking your medicines",
            "questions": POST_MEDICATION_ADHERENCE_QUESTIONS,
            "timing": "daily_for_3_days_starting_24_hours_after_discharge",
            "call_type": "medication_reminder",
            "spoken_purpose": "taking your medicines",
            "priority": 2,
            "prompt_template": _OPENING
            + 'Start with: "Hi {patient_first_name}, this is PostOp AI with a reminder about your medications. '
            'You were told: {order_instructions} Have you been able to take them as prescribed?" Ask about '
            "side effects and missed doses.",
        },
    },
    {
        "key": "post_wound_check",
        "title": "Incision check",
        "procedure_group": GENERAL,
        "sort_order": 30,
        "instructions": (
            "Keep the incision clean and dry. Watch for redness, swelling, warmth or drainage, and call the "
            "clinic if you see any."
        ),
        "parameters": [],
        "call_template": {
            "purpose": "a check on how your incision is healing",
            "questions": POST_WOUND_CHECK_QUESTIONS,
            "timing": "3_days_after_discharge",
            "call_type": "wound_check",
            "spoken_purpose": "your incision",
            "priority": 3,
            "prompt_template": _OPENING
            + 'Start with: "Hi {patient_first_name}, this is PostOp AI calling to check on your incision. You '
            'were told: {order_instructions} How does the incision look today?"',
        },
    },
    {
        "key": "post_followup_visit",
        "title": "Follow-up visit reminder",
        "procedure_group": GENERAL,
        "sort_order": 40,
        "instructions": "Keep your post-operative follow-up visit with your surgeon.",
        "parameters": [{"name": "visit_date", "label": "Visit date", "type": "date", "required": True}],
        "call_template": {
            "purpose": "a reminder about your follow-up visit",
            "questions": POST_FOLLOWUP_VISIT_QUESTIONS,
            "timing": "day_before_date:{visit_date}",
            "call_type": "followup_appointment",
            "spoken_purpose": "your follow-up visit",
            "priority": 3,
            "prompt_template": _OPENING
            + 'Start with: "Hi {patient_first_name}, this is PostOp AI reminding you about your follow-up '
            'visit tomorrow, {visit_date}. Will you be able to make it?" If not, tell them to call the clinic '
            "to reschedule.",
        },
    },
    {
        "key": "chole_incision_care",
        "title": "Incision care after gallbladder surgery",
        "procedure_group": CHOLECYSTECTOMY,
        "sort_order": 10,
        "instructions": (
            "You may shower 24 hours after surgery; let soapy water run over the small cuts and pat them dry. "
            "No baths, hot tubs or swimming for 2 weeks."
        ),
        "parameters": [],
        "call_template": {
            "spoken_purpose": "the small cuts from your surgery",
            "questions": ["wound_appearance", "temperature", "pain_score"],
            "purpose": "a check on how your small incisions are healing",
            "timing": "2_days_after_discharge",
            "call_type": "wound_check",
            "priority": 3,
            "prompt_template": _OPENING
            + 'Start with: "Hi {patient_first_name}, this is PostOp AI calling to check on the small cuts from '
            'your surgery. You were instructed: {order_instructions} How do the cuts look today?" Ask about '
            "redness, warmth, drainage or bleeding.",
        },
    },
    {
        "key": "chole_activity",
        "title": "Lifting and activity after gallbladder surgery",
        "procedure_group": CHOLECYSTECTOMY,
        "sort_order": 20,
        "instructions": (
            "Do not lift anything heavier than 10 pounds for 2 weeks. No sports, running or hard exercise for "
            "2 weeks. Walk several times a day."
        ),
        "parameters": [],
        "call_template": {
            "spoken_purpose": "lifting and getting back on your feet",
            "questions": ["activity_restrictions_followed", "pain_score"],
            "purpose": "a check-in about lifting and getting back on your feet",
            "timing": "3_days_after_discharge",
            "call_type": "discharge_reminder",
            "priority": 3,
            "prompt_template": _OPENING
            + 'Start with: "Hi {patient_first_name}, this is PostOp AI with a reminder about activity after '
            'your surgery. You were instructed: {order_instructions} Are you able to get up and walk?" Listen '
            "for belly pain that gets worse with activity.",
        },
    },
    {
        "key": "chole_diet",
        "title": "Low-fat diet after gallbladder surgery",
        "procedure_group": CHOLECYSTECTOMY,
        "sort_order": 30,
        "instructions": "Eat small, low-fat meals for the first week, then add your usual foods back slowly.",
        "parameters": [],
        "call_template": {
            "spoken_purpose": "eating since your surgery",
            "questions": ["eating_and_drinking", "pain_score"],
            "purpose": "a check on how eating is going since you got home",
            "timing": "24_hours_after_discharge",
            "call_type": "discharge_reminder",
            "priority": 3,
            "prompt_template": _OPENING
            + 'Start with: "Hi {patient_first_name}, this is PostOp AI checking on how eating is going. You were '
            'told: {order_instructions} Have you been able to eat and drink?" Ask about nausea, vomiting and '
            "loose stools.",
        },
    },
    {
        "key": "chole_warning_signs",
        "title": "Warning signs after gallbladder surgery",
        "procedure_group": CHOLECYSTECTOMY,
        "sort_order": 40,
        "instructions": (
            "Call the clinic right away for yellow skin or eyes, dark urine, pale stools, belly pain that keeps "
            "getting worse, or a fever of 101°F (38.3°C) or higher. Call 911 for trouble breathing or chest pain."
        ),
        "parameters": [],
        "call_template": {
            "spoken_purpose": "how you are feeling since your surgery",
            "questions": ["red_flag_understanding", "pain_score", "temperature"],
            "purpose": "a check for any warning signs since you got home",
            "timing": "36_hours_after_discharge",
            "call_type": "warning_signs",
            "priority": 1,
            "prompt_template": _OPENING
            + 'Start with: "Hi {patient_first_name}, this is PostOp AI checking on how you are feeling after '
            'your surgery. You were told: {order_instructions} Have you noticed any of these warning signs?" '
            "If they have, tell them to call the clinic now, or 911 for trouble breathing or chest pain.",
        },
    },
    {
        "key": "tonsil_fluids",
        "title": "Fluids and soft foods after tonsillectomy",
        "procedure_group": TONSILLECTOMY,
        "sort_order": 10,
        "instructions": (
            "Offer a drink every hour while awake. Cold drinks, popsicles and soft foods are easiest; no crunchy "
            "or sharp foods like chips for 2 weeks. Call the clinic if there is no urination for 8 hours."
        ),
        "parameters": [],
        "call_template": {
            "spoken_purpose": "drinking and eating since the surgery",
            "questions": ["eating_and_drinking", "temperature"],
            "purpose": "a check on drinking and eating at home",
            "timing": "12_hours_after_discharge",
            "call_type": "discharge_reminder",
            "priority": 2,
            "prompt_template": _OPENING
            + 'Start with: "Hi {patient_first_name}, this is PostOp AI checking on drinking after surgery. You '
            'were told: {order_instructions} How much has your child been drinking today?" Listen for signs of '
            "dehydration: no urination for 8 hours, no tears, a dry mouth.",
        },
    },
    {
        "key": "tonsil_pain_medication",
        "title": "Pain medicine after tonsillectomy",
        "procedure_group": TONSILLECTOMY,
        "sort_order": 20,
        "instructions": (
            "Give acetaminophen (Tylenol) and ibuprofen (Motrin) on a schedule for the first week, at the doses "
            "on the label. Never give codeine or aspirin."
        ),
        "parameters": [],
        "call_template": {
            "spoken_purpose": "throat pain and the pain medicine",
            "questions": ["pain_score", "pain_controlled", "medicines_as_prescribed"],
            "purpose": "a check on how your child's pain is being managed",
            "timing": "3_days_after_discharge",
            "call_type": "medication_reminder",
            "priority": 2,
            "prompt_template": _OPENING
            + 'Start with: "Hi {patient_first_name}, this is PostOp AI checking in about throat pain. You were '
            "instructed: {order_instructions} Is the pain medicine keeping your child comfortable enough to "
            'drink?" The throat is often sorest on days 3 to 7.',
        },
    },
    {
        "key": "tonsil_bleeding_watch",
        "title": "Bleeding warning after tonsillectomy",
        "procedure_group": TONSILLECTOMY,
        "sort_order": 30,
        "instructions": (
            "Bleeding is most likely 5 to 10 days after surgery, when the scabs come off. Any bright red blood "
            "from the mouth or nose is an emergency: call 911 or go to the emergency department."
        ),
        "parameters": [],
        "call_template": {
            "spoken_purpose": "any bleeding as the throat heals",
            "questions": ["red_flag_understanding", "temperature"],
            "purpose": "a safety check as the throat heals",
            "timing": "5_days_after_discharge",
            "call_type": "warning_signs",
            "priority": 1,
            "prompt_template": _OPENING
            + 'Start with: "Hi {patient_first_name}, this is PostOp AI with a safety check. You were told: '
            '{order_instructions} Have you seen any blood from the mouth or nose?" If they have, tell them to '
            "call 911 now.",
        },
    },
    {
        "key": "tonsil_school",
        "title": "Return to school after tonsillectomy",
        "procedure_group": TONSILLECTOMY,
        "sort_order": 40,
        "instructions": (
            "Your child may return to school or daycare 10 days after surgery. No sports, gym, swimming or rough "
            "play for 2 weeks."
        ),
        "parameters": [],
        "call_template": {
            "spoken_purpose": "going back to school or daycare",
            "questions": ["ready_for_school", "eating_and_drinking"],
            "purpose": "a reminder about going back to school or daycare",
            "timing": "9_days_after_discharge",
            "call_type": "school_return",
            "priority": 3,
            "prompt_template": _OPENING
            + 'Start with: "Hi {patient_first_name}, this is PostOp AI with a reminder about going back to '
            "school. You were told: {order_instructions} Is your child eating and drinking well enough to go "
            'back tomorrow?"',
        },
    },
]

CATALOG_KEYS = frozenset(entry["key"] for entry in ORDER_CATALOG)


def _with_translations() -> None:
    """Each order's reviewed Spanish text (orders/catalog_es.py) under call_template["translations"]["es"]."""
    from orders.catalog_es import ORDER_TEXT_ES

    for entry in ORDER_CATALOG:
        spanish = ORDER_TEXT_ES.get(entry["key"])
        if spanish is not None and entry.get("call_template"):
            entry["call_template"]["translations"] = {"es": dict(spanish)}


_with_translations()
