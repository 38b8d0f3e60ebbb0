"""Spanish cues of the thirteenth round (1 Dec evening), taken from development false alarms and one development row
that was right only by a misspelling: a cleft sentence naming the relative after the caller's own "yo estoy bien"
("el que se cortó ... fue mi esposo"), the caller's "que soy la operada" set off by commas, "h" dropped from a
relative ("mi ermano") or "b" written "v" ("vien"), and a relative whose trouble dates from the operation is the one
operated on ("mi hermano no despierta desde la operación"). Each line is written afresh for this file (in no
evaluation file); TIERS holds the near-misses that must still fire.

Data only: tests/safety/test_triage_concepts.py hears each list as its name says."""

QUIET_BECAUSE = [
    ("a cleft names the relative", "Yo ando bien, la que se cayó y sangró mucho de la rodilla fue mi cuñada."),
    ("a cleft, the present", "yo estoy bien gracias, el que tiene calentura de 39 es mi esposo"),
    ("the caller is the patient, commas", "Mi papá anda con fiebre, pero yo, que soy el operado, voy muy bien."),
    ("the patient is me", "Mi mamá tiene la pierna hinchada; la paciente soy yo y estoy bien."),
    ("a sibling spelt without h", "mi ermana tiene calentura de 39 pero yo estoy bien"),
    ("v for b", "yo estoy vien, el que anda con dolor de pecho es mi primo"),
    ("a cleft naming an aunt, the patient fine", "Mi papá ya anda bien de la operación; la que se desmayó fue mi tía."),
    ("a fear of what might come", "Mi mamá tiene miedo de que se le abra la herida, pero la tiene bien cerradita."),
    ("how it would look, asked", "Oiga, ¿cómo se ven los labios morados? Para saber, los míos están rosaditos."),
    ("effort, not long ago", "Hace mucho esfuerzo para ir al baño, pero ya evacuó hoy en la mañana."),
    ("the colour of a sweet", "Traigo los labios morados de la paleta de uva que me dio mi nieta."),
    ("dying of laughter", "Me voy a morir de la risa con las ocurrencias de mi nieto, pero la herida va bien."),
]

SOMEONE_ELSE = [
    # a carer's own trouble, the patient said to be fine (the call knows a carer speaks)
    ("caregiver", "Mi esposa, la que operaron, está bien; el que tiene calentura de 39 soy yo."),
    ("caregiver", "Mi papá va muy bien, gracias; yo soy el que anda con dolor de espalda de tanto levantarlo."),
    # another relative than the one said to be doing well
    ("caregiver", "Mi esposo se está recuperando muy bien, pero a mi mamá le duele el pecho; ya la llevamos."),
]

TIERS = [
    # the caller's own red flag with a relative named after it still fires
    ("Me sangró mucho la herida y empapó la gasa, y el que me la limpió fue mi esposo.", "urgent"),
    ("Yo tengo calentura de 39 y la que me cuida es mi hija.", "urgent"),
]

WIDENED = [
    # a relative whose trouble dates from the operation is the one operated on
    (None, "unresponsive", "mi ermano no despierta desde la operasion, lo muevo y nada"),
    # a child's ribs sucked in with each breath; too short of breath to talk
    ("caregiver", "shortness_of_breath", "Al bebé se le hunden las costillas cuando respira, se ve que le cuesta."),
    (None, "shortness_of_breath", "Me falta el aire, camino a la cocina y ya no puedo ni hablar."),
    # a gun to oneself said as a plan; a double dose given; a dose taken again, forgotten
    (None, "self_harm", "Ya no quiero seguir así, a veces pienso pegarme un tiro."),
    ("caregiver", "medication_overdose", "Sin querer le di a mi papá una doble dosis del calmante."),
    (None, "medication_overdose", "Me tomé otra pastilla porque se me olvidó que ya la había tomado en la mañana."),
    # emergencies in everyday words (fresh23): a smurf's colour, an arm that will not obey, coffee-ground vomit, too
    # sleepy to stay awake, goodbye letters, a body shaking beyond control, a relative telling the caller's own faint
    (None, "cyanosis", "Mi nieta dice que tengo la boca como pitufo, y me siento muy cansado."),
    (None, "stroke", "La mano izquierda ya no me obedece, se me cae la cuchara."),
    (None, "blood_coughed_or_vomited", "Vomité como granos de café molido, oscuro oscuro."),
    (None, "unresponsive", "Disculpe, es que me cuesta estar despierta, se me cierran los ojos solos."),
    (None, "self_harm", "Ya dejé notas de despedida en el cajón, por si acaso."),
    (None, "seizure", "Se me sacudía el cuerpo sin control y no podía hablar."),
    (None, "fainting", "Mi hijo dice que perdí el conocimiento en la cocina como un minuto."),
]

CAREGIVER = [
    # the patient said fine, the carer's words about that same relative still the patient's
    ("wound_infection", "Mi mamá está bien de ánimo, pero le sale pus de la herida y huele feo."),
]
