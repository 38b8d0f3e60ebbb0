"""Spanish answers that open with "No," or "Ay no,", reviewed after merging round 10 (tune-es10q's backward "no ,"
cue took over the ordinary forward "no", so "Ay no, calentura nada" raised a mild fever), and gaps found on the way:
the "No," that answers "are you well?" with the speaker's own trouble after it ("No, me duele mucho el pecho" raised
nothing before round 10), and a complaint gone said without "ya" ("se me quitó la calentura"). No development row
reads differently. Each line is written afresh for this file (in no evaluation file); TIERS holds the same openings
with the red flag really there, which must still fire.

Data only: tests/safety/test_triage_concepts.py hears each list as its name says."""

QUIET_BECAUSE = [
    ("'ay, no' answers, then the complaint it denies", "Ay, no, dolor de pecho para nada."),
    ("'ay no' answers, the complaint denied again after it", "Ay no, calentura nada, gracias a Dios."),
    ("'uy no' answers", "Uy no, escalofríos ninguno."),
    ("a leading 'No,' before the echoed question still denies", "No, ¿fiebre? nada de eso."),
    ("gone, said without 'ya'", "se me quitó la calentura desde el martes"),
    ("gone, the chest pain", "se me pasó el dolor de pecho que tenía en el hospital"),
    ("a leading 'No,' and gone", "No, se me quitó la calentura con el paracetamol"),
]

TIERS = [
    # "No," answering "are you well?", the speaker's own trouble going on after it
    ("No, me duele mucho el pecho desde anoche", "emergent"),
    ("No, se me abrió la herida de la panza", "urgent"),
    ("No, sigo con calentura de 39 y escalofríos", "urgent"),
    # "ay no" of dismay before the trouble
    ("Ay no, no puedo respirar bien, me ahogo", "emergent"),
    ("Ay, no, me duele el pecho bien fuerte", "emergent"),
    # one trouble gone, another here
    ("se me quitó la calentura pero ahora no puedo respirar", "emergent"),
    ("se me quitó el hambre y me duele el pecho", "emergent"),
    ("se me fue el aire y no lo recupero", "emergent"),
    # the tag or stutter "no" after the complaint denies nothing
    ("me duele el pecho, no, no se me quita", "emergent"),
    ("Me aprieta el pecho, ¿no?", "emergent"),
]
