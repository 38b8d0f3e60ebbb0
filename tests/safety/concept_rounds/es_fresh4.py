"""Spanish concepts widened after holdout_fresh4 became development data (utterances_es_dev_fresh4.jsonl, written
by another engineer who never saw the rules), each tested with phrasings written afresh for this file (not in any
evaluation or tuning file), with look-alikes that must stay quiet, and the false alarms fixed in the same round
by context: an ailment over by the morning or gone on its own, the recovery room, doubt about a dose, and a
condition followed by what the caller would do or a tag asking to confirm.

Data only: tests/safety/test_triage_concepts.py hears each list as its name says."""

WIDENED_KEY_AT_ITS_TIER = [
    # taking one's life, in any person or tense of the periphrasis
    ("self_harm", "estoy pensando en quitarme la vida esta noche"),
    ("self_harm", "mi hijo, el operado, dice que se va a quitar la vida"),
    # wanting to cut oneself
    ("self_harm", "me dan ganas de cortarme los brazos"),
    # chills by their regional names, and shaking that will not stop
    ("fever", "anoche me dio una tiritona de frío horrible"),
    ("fever", "me entró un chucho de frío y me tapé con tres cobijas"),
    ("fever", "estoy sin parar de temblar desde la tarde"),
    # the procedure named for its cut
    ("wound_opening", "se me abrió la cesárea cuando tosí"),
    # pain past bearing, said of the patient in the third person
    ("uncontrolled_pain", "mi niño no aguanta el dolor ni con la medicina"),
    ("uncontrolled_pain", "ella ya no soporta el dolor"),
    # bumps as a rash word, and swelling since a medicine was started
    ("medication_reaction", "me brotaron granos por todo el cuerpo con el antibiótico"),
    ("medication_reaction", "se me inflamaron los pies desde que tomo las pastillas nuevas"),
    # two times' doses together, a mistake with the pills, the same dose again
    ("medication_overdose", "me tomé la de la tarde y la de la noche juntas sin querer"),
    ("medication_overdose", "me equivoqué y le di dos dosis del jarabe"),
    ("medication_overdose", "se la volvió a tomar porque no se acordaba"),
    # a call back asked for, or a real person
    ("nurse_request", "necesito que me regresen la llamada hoy"),
    ("nurse_request", "quiero hablar con una persona real no con una grabadora"),
]

QUIET = [
    # cutting one's hair or nails
    "quiero cortarme el pelo antes de la boda",
    "mañana voy a cortarme las uñas",
    # old spots on the face; the pill taken again on schedule
    "tengo granos en la cara desde hace años",
    "la pastilla me la tomo otra vez en la noche como dice la receta",
    # a call given back is not vomiting
    "la enfermera me devolvió la llamada ayer y todo bien",
    # over by the morning, or gone on its own (said after it with "pero")
    "ayer tenía 38.9 pero hoy ya amanecí sin calentura",
    "me dolía mucho pero se calmó con la pastilla",
    # the recovery room is history
    "en la recuperación me dio mucha comezón pero se me quitó",
    # a condition followed by what the caller would do, or by a tag asking to confirm
    "si se me abre la herida la aprieto con una gasa verdad",
    "si me da fiebre tomo el tylenol cierto",
    # doubt about a dose is no dose taken twice
    "no me acuerdo si le di el antibiótico a mi hijo",
]
