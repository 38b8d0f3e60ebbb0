"""What the agent says in English. Placeholders: {clinic}, {first_name}, {number}, {identifier}, ..."""

from __future__ import annotations

LINES: dict[str, str] = {
    "opening": (
        "Hello, this is the automated assistant of {clinic}, calling for {first_name}. "
        "I'm an automated assistant, not a person; the clinic's number is {number}. "
        "Am I speaking with {first_name}, or their parent or guardian?"
    ),
    "screening": "This is the automated assistant of {clinic} with a follow-up call. Please put me through.",
    "identity_mark": "To protect your privacy",
    "confirm_mark": "Thank you for confirming.",
    "ask_identity": "Thank you. To protect your privacy, please tell me the patient's first name and {identifier}.",
    "ask_who": "And am I speaking with {first_name}, or with someone helping {first_name}?",
    "identity_again": (
        "I'm sorry, that doesn't match our records. To protect your privacy, please tell me the patient's first "
        "name and {identifier} once more."
    ),
    "identifier_dob": "date of birth",
    "identifier_phone_last4": "the last four digits of the phone number we have on file",
    "not_the_patient": (
        "I'm sorry, I can only speak with {first_name} or their parent or guardian. "
        "Please ask them to call {clinic} at {number}. Goodbye."
    ),
    "emergent_first": "Please hang up and call 911 now.",
    "emergent_alerting": "Please hang up and call 911 now. I'm alerting the nurse right away.",
    "emergent_alerted": "Please hang up and call 911 now. The nurse has been alerted.",
    "urgent_ack": (
        "Thank you for telling me. {say} If it gets worse, call us at {number}, or 911 in an emergency. {then}"
    ),
    "urgent_default": "A nurse will call you back today.",
    "routine_default": "A nurse will call you back.",
    "routine_ack": "{say} {then}",
    "anything_else": "Is there anything else I can help you with?",
    "main_question": "How are things going with {topic}?",
    "main_topic_default": "your recovery",
    "thanks_next": "Thank you. {question}",
    "noted": "Thank you, I've noted that. Do you have any questions about your recovery?",
    "ask_again": "I'm sorry, I need to ask that again: {reason}. {question}",
    "leave_for_nurse": "Let's leave that question for your nurse. {then}",
    "no_valid_answer": "No valid answer after asking again",
    "instructions": "Your instructions say: {instructions} {then}",
    "reminder_set": "All set: I've scheduled a reminder call for {local_time}. {then}",
    "reminder_failed": "I'm sorry, I couldn't schedule that: {reason} {then}",
    "reminder_down": "the scheduling system is not reachable right now.",
    "reminder_purpose": "Reminder the patient asked for about {topic}",
    "guide_emergency": "That can be a sign of an emergency. Please hang up and call 911 right now.",
    "guide_not_found": (
        "I don't have information on that in our care guide. Please ask your care team at {number}. {then}"
    ),
    "guide_unavailable": (
        "I can't reach our care guide right now, so I won't guess. Please call the clinic at {number}."
    ),
    "guide_withheld": (
        "I don't have reviewed information on that in your language, so I won't guess. "
        "Please call the clinic at {number}."
    ),
    "guide_call_today": " Since that may need attention, please call us at {number} today.",
    "guide_answer": "Here is what our care guide says: {answer}{extra} {then}",
    "no_diagnosis": (
        "I'm not able to diagnose or say what is causing that; only your care team can. "
        "If it feels like an emergency, call 911. Otherwise please call {clinic} at {number}. "
        "Is there anything else I can help you with?"
    ),
    "off_topic": "I can only help with your recovery after {procedure}. Is there anything else I can help you with?",
    "opt_out": (
        "I understand. You won't get any more automated calls from {clinic}. If you need us, please call {number}. "
        "Goodbye."
    ),
    "goodbye": "Thank you for your time, {first_name}. Take care, goodbye.",
    "voicemail_greeting_named": "Hello {first_name}, this",
    "voicemail_greeting": "Hello, this",
    "voicemail": (
        "{greeting} is the automated assistant of {clinic}. Please call us back at {number}. Thank you, goodbye."
    ),
    "switched": "Of course, we can continue in English. {then}",
    "tier_emergent": "Tell the patient to hang up and call 911 now.",
    "tier_urgent": "A nurse will call the patient back today.",
    "tier_routine": "A nurse will call the patient back on the next business day.",
}
