"""What the agent says in Spanish: the English table's lines (en.py), reviewed, same placeholders.

Usted throughout (a clinic speaking to a patient or parent); plain words a caller from Mexico, the
Caribbean or Central America understands ("su niño", "la herida", "la clínica"). Numbers are spoken
digit by digit by the voice in Spanish. A change here is reviewed like orders/catalog_es.py.
"""

from __future__ import annotations

LINES: dict[str, str] = {
    "opening": (
        "Hola, le habla el asistente automatizado de {clinic}; llamo para {first_name}. "
        "Soy un asistente automatizado, no una persona; el número de la clínica es {number}. "
        "¿Hablo con {first_name}, o con su madre, padre o tutor?"
    ),
    "screening": (
        "Le habla el asistente automatizado de {clinic} con una llamada de seguimiento. Por favor, comuníqueme."
    ),
    "identity_mark": "Para proteger su privacidad",
    "confirm_mark": "Gracias por confirmar.",
    "ask_identity": (
        "Gracias. Para proteger su privacidad, por favor dígame el primer nombre del paciente y {identifier}."
    ),
    "ask_who": "¿Y hablo con {first_name}, o con alguien que le ayuda a {first_name}?",
    "identity_again": (
        "Lo siento, eso no coincide con nuestros registros. Para proteger su privacidad, por favor dígame otra vez "
        "el primer nombre del paciente y {identifier}."
    ),
    "identifier_dob": "su fecha de nacimiento",
    "identifier_phone_last4": "los últimos cuatro dígitos del número de teléfono que tenemos registrado",
    "not_the_patient": (
        "Lo siento, solo puedo hablar con {first_name} o con su madre, padre o tutor. "
        "Por favor, pídale que llame a {clinic} al {number}. Adiós."
    ),
    "emergent_first": "Por favor, cuelgue y llame al 911 ahora.",
    "emergent_alerting": "Por favor, cuelgue y llame al 911 ahora. Estoy avisando a la enfermera en este momento.",
    "emergent_alerted": "Por favor, cuelgue y llame al 911 ahora. Ya avisamos a la enfermera.",
    "urgent_ack": (
        "Gracias por decírmelo. {say} Si empeora, llámenos al {number}, o al 911 si es una emergencia. {then}"
    ),
    "urgent_default": "Una enfermera le devolverá la llamada hoy.",
    "routine_default": "Una enfermera le devolverá la llamada.",
    "routine_ack": "{say} {then}",
    "anything_else": "¿Hay algo más en lo que le pueda ayudar?",
    "main_question": "¿Cómo le va con {topic}?",
    "main_topic_default": "su recuperación",
    "thanks_next": "Gracias. {question}",
    "noted": "Gracias, ya lo anoté. ¿Tiene alguna pregunta sobre su recuperación?",
    "ask_again": "Perdone, necesito preguntarle otra vez. {question}",
    "leave_for_nurse": "Dejemos esa pregunta para su enfermera. {then}",
    "no_valid_answer": "No valid answer after asking again",
    "instructions": "Sus instrucciones dicen: {instructions} {then}",
    "reminder_set": "Listo: programé una llamada de recordatorio para el {local_time}. {then}",
    "reminder_failed": "Lo siento, no pude programarla: {reason} {then}",
    "reminder_down": "el sistema para programar llamadas no responde en este momento.",
    "reminder_purpose": "Reminder the patient asked for about {topic}",
    "guide_emergency": "Eso puede ser señal de una emergencia. Por favor, cuelgue y llame al 911 ahora mismo.",
    "guide_not_found": (
        "No tengo información sobre eso en nuestra guía de cuidados. Por favor, pregúntele a su equipo médico al "
        "{number}. {then}"
    ),
    "guide_unavailable": (
        "En este momento no puedo consultar nuestra guía de cuidados, así que no voy a adivinar. "
        "Por favor, llame a la clínica al {number}."
    ),
    "guide_withheld": (
        "No tengo información revisada sobre eso en español, así que no voy a adivinar. "
        "Por favor, llame a la clínica al {number}."
    ),
    "guide_call_today": " Como eso puede necesitar atención, por favor llámenos hoy al {number}.",
    "guide_answer": "Esto es lo que dice nuestra guía de cuidados: {answer}{extra} {then}",
    "no_diagnosis": (
        "No puedo dar un diagnóstico ni decir qué lo está causando; solo su equipo médico puede hacerlo. "
        "Si le parece una emergencia, llame al 911. Si no, por favor llame a {clinic} al {number}. "
        "¿Hay algo más en lo que le pueda ayudar?"
    ),
    "off_topic": "Solo puedo ayudarle con su recuperación. ¿Hay algo más en lo que le pueda ayudar?",
    "opt_out": (
        "Entiendo. No recibirá más llamadas automatizadas de {clinic}. Si nos necesita, por favor llame al {number}. "
        "Adiós."
    ),
    "goodbye": "Gracias por su tiempo, {first_name}. Cuídese, adiós.",
    "voicemail_greeting_named": "Hola, {first_name}, le",
    "voicemail_greeting": "Hola, le",
    "voicemail": (
        "{greeting} habla el asistente automatizado de {clinic}. Por favor, devuélvanos la llamada al {number}. "
        "Gracias, adiós."
    ),
    "switched": "Claro que sí, seguimos en español. {then}",
    "tier_emergent": "Por favor, cuelgue y llame al 911 ahora. Ya avisamos a la enfermera.",
    "tier_urgent": "Una enfermera le devolverá la llamada hoy.",
    "tier_routine": "Una enfermera le devolverá la llamada el próximo día hábil.",
}
