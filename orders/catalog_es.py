"""Spanish text of the shipped order catalog: what a Spanish-speaking patient hears about each order.

Reviewed content, not machine translation at run time. Each entry mirrors the English order in
orders/catalog.py: `instructions` (what the patient was told), `purpose` (why the agent calls) and
`spoken_purpose` (the topic in words). Numbers (days, pounds, 101 °F / 38.3 °C) must be the English
ones (tests/spanish/test_content_tables.py checks it). catalog.py merges each entry into its order's
`call_template["translations"]["es"]`; an order without one is refused for a Spanish-speaking
patient at discharge and in the preview (orders.models.Order.missing_language).

Review: a bilingual clinician checks a changed entry against its English order; `REVIEWED` records
who and when, and a test fails when an English order has no Spanish entry.
"""

from __future__ import annotations

REVIEWED = {"by": "Language-access content review (pending sign-off by the clinic's interpreter)", "on": "2026-11-30"}

ORDER_TEXT_ES: dict[str, dict[str, str]] = {
    "vm_compression": {
        "instructions": (
            "Deje puesto el vendaje de compresión durante 24 horas y después úselo todo lo que pueda tolerar "
            "durante 7 días."
        ),
        "purpose": "un recordatorio sobre su vendaje de compresión",
        "spoken_purpose": "su vendaje de compresión",
    },
    "vm_activity": {
        "instructions": (
            "Nada de deportes, clase de educación física ni levantar cosas pesadas durante 7 días. Caminar y las "
            "actividades normales del día están bien."
        ),
        "purpose": "una llamada para ver cómo va con el reposo esta semana",
        "spoken_purpose": "el reposo después de su procedimiento",
    },
    "vm_school": {
        "instructions": "Su niño puede volver a la escuela o a la guardería en la fecha que le dio el equipo médico.",
        "purpose": "un recordatorio sobre el regreso a la escuela o a la guardería",
        "spoken_purpose": "el regreso a la escuela o a la guardería",
    },
    "vm_pain_medication": {
        "instructions": (
            "Para el dolor, tome acetaminofén (Tylenol) o ibuprofeno (Motrin) como indica la etiqueta. "
            "No tome más de lo que permite la etiqueta en 24 horas."
        ),
        "purpose": "una llamada para ver cómo está controlando el dolor",
        "spoken_purpose": "su dolor y su medicina para el dolor",
    },
    "vm_wound_care": {
        "instructions": (
            "Mantenga limpios y secos los sitios de las punciones durante 48 horas. Puede ducharse después de "
            "48 horas; no se bañe en tina ni nade durante 1 semana."
        ),
        "purpose": "una llamada para ver cómo sanan los sitios de las agujas",
        "spoken_purpose": "los sitios de las punciones de su procedimiento",
    },
    "vm_followup_appointment": {
        "instructions": "Asista a su cita de seguimiento en la clínica de anomalías vasculares.",
        "purpose": "un recordatorio sobre su cita de seguimiento",
        "spoken_purpose": "su cita de seguimiento",
    },
    "vm_warning_signs": {
        "instructions": (
            "Llame a la clínica de inmediato si tiene fiebre de más de 101 °F (38.3 °C), enrojecimiento que se "
            "extiende, dolor o hinchazón que sigue empeorando, adormecimiento o un cambio de color en la "
            "extremidad tratada. Llame al 911 si le cuesta respirar o tiene dolor de pecho."
        ),
        "purpose": "una llamada para revisar si ha tenido señales de alarma desde que llegó a casa",
        "spoken_purpose": "cómo se siente después de su procedimiento",
    },
    "post_wellness_check": {
        "instructions": "Descanse hoy, tome muchos líquidos y llame a la clínica si se siente mal.",
        "purpose": "una llamada para ver cómo se siente desde que llegó a casa",
        "spoken_purpose": "cómo se siente desde que llegó a casa",
    },
    "post_medication_adherence": {
        "instructions": (
            "Tome sus medicinas exactamente como se le recetaron en sus papeles de alta, y termine todos los "
            "antibióticos."
        ),
        "purpose": "un recordatorio sobre tomar sus medicinas",
        "spoken_purpose": "cómo va con sus medicinas",
    },
    "post_wound_check": {
        "instructions": (
            "Mantenga la herida limpia y seca. Fíjese si hay enrojecimiento, hinchazón, calor o supuración, y "
            "llame a la clínica si nota algo de eso."
        ),
        "purpose": "una llamada para ver cómo sana su herida",
        "spoken_purpose": "su herida",
    },
    "post_followup_visit": {
        "instructions": "Asista a su consulta de seguimiento con su cirujano después de la operación.",
        "purpose": "un recordatorio sobre su consulta de seguimiento",
        "spoken_purpose": "su consulta de seguimiento",
    },
    "chole_incision_care": {
        "instructions": (
            "Puede ducharse 24 horas después de la cirugía; deje que el agua con jabón corra sobre las pequeñas "
            "heridas y séquelas con toquecitos. No se bañe en tina, jacuzzi ni nade durante 2 semanas."
        ),
        "purpose": "una llamada para ver cómo sanan sus pequeñas heridas",
        "spoken_purpose": "las pequeñas heridas de su cirugía",
    },
    "chole_activity": {
        "instructions": (
            "No levante nada de más de 10 libras durante 2 semanas. Nada de deportes, correr ni ejercicio fuerte "
            "durante 2 semanas. Camine varias veces al día."
        ),
        "purpose": "una llamada para ver cómo va con no levantar peso y volver a moverse",
        "spoken_purpose": "no levantar peso y volver a moverse",
    },
    "chole_diet": {
        "instructions": (
            "Coma porciones pequeñas y bajas en grasa la primera semana, y después vuelva poco a poco a sus "
            "comidas de siempre."
        ),
        "purpose": "una llamada para ver cómo va la comida desde que llegó a casa",
        "spoken_purpose": "cómo va la comida desde su cirugía",
    },
    "chole_warning_signs": {
        "instructions": (
            "Llame a la clínica de inmediato si tiene la piel o los ojos amarillos, la orina oscura, las heces "
            "pálidas, dolor de barriga que sigue empeorando o fiebre de 101 °F (38.3 °C) o más. Llame al 911 si "
            "le cuesta respirar o tiene dolor de pecho."
        ),
        "purpose": "una llamada para revisar si ha tenido señales de alarma desde que llegó a casa",
        "spoken_purpose": "cómo se siente desde su cirugía",
    },
    "tonsil_fluids": {
        "instructions": (
            "Ofrézcale algo de tomar cada hora mientras esté despierto. Lo más fácil son las bebidas frías, las "
            "paletas de hielo y las comidas blandas; nada crujiente ni duro como papitas durante 2 semanas. "
            "Llame a la clínica si no orina en 8 horas."
        ),
        "purpose": "una llamada para ver cómo va con tomar líquidos y comer en casa",
        "spoken_purpose": "cómo va con tomar líquidos y comer desde la cirugía",
    },
    "tonsil_pain_medication": {
        "instructions": (
            "Dele acetaminofén (Tylenol) e ibuprofeno (Motrin) con horario fijo la primera semana, en las dosis "
            "de la etiqueta. Nunca le dé codeína ni aspirina."
        ),
        "purpose": "una llamada para ver cómo se está controlando el dolor de su niño",
        "spoken_purpose": "el dolor de garganta y la medicina para el dolor",
    },
    "tonsil_bleeding_watch": {
        "instructions": (
            "El sangrado es más probable entre 5 y 10 días después de la cirugía, cuando se caen las costras. "
            "Cualquier sangre roja brillante por la boca o la nariz es una emergencia: llame al 911 o vaya a la "
            "sala de emergencias."
        ),
        "purpose": "una llamada de seguridad mientras sana la garganta",
        "spoken_purpose": "cualquier sangrado mientras sana la garganta",
    },
    "tonsil_school": {
        "instructions": (
            "Su niño puede volver a la escuela o a la guardería 10 días después de la cirugía. Nada de deportes, "
            "educación física, natación ni juegos bruscos durante 2 semanas."
        ),
        "purpose": "un recordatorio sobre el regreso a la escuela o a la guardería",
        "spoken_purpose": "el regreso a la escuela o a la guardería",
    },
}
