"""The lay-speech cues triage reads context by: who is speaking, whose red flag it is, a question, an echoed answer.

English, with the Spanish words the shared cues also hear (matched unaccented where noted). The machinery that
uses them (ConText, sentences, read_text) is calls.triage.context; ConText's own cue lists are context.yaml and
context_es.yaml. Reviewed clinical data: change a cue here with a test in tests/safety.
"""

from __future__ import annotations

import re

# --- Who is speaking: a caller speaking for the patient, and the close relatives they name ("my husband's incision").
# "I'm calling for my wife, she's the patient": the other person named is the patient.
SPEAKS_FOR_PATIENT = re.compile(
    # "calling about": the caller's, not "i'm the one you're calling about" nor "I'm calling about my own knee"
    r"\b(?:(?<!you're )(?<!youre )(?<!you are )(?<!you were )calling (?:for|about|on behalf of)"
    r"(?! (?:my own|myself|me)\b)|"
    r"(?:is|he'?s|she'?s|s|who'?s|who is|,) the patient|"
    r"(?:he|she) had (?:the|his|her) "
    r"(?:surgery|procedure|operation)|"
    r"(?:he|she|my (?:husband|wife|partner|mom|mum|mother|dad|father|grand(?:ma|mother|pa|father)|son|daughter)) "
    r"(?:just )?had (?:the|his|her|a) (?:\w+ ){0,2}(?:surgery|procedure|operation|op|done|removed|replaced|fixed|"
    r"scope|repair|replacement|removal|section|bypass)\b|"
    r"(?:my (?:husband|wife|partner|mom|mum|mother|dad|father|son|daughter)|,) who had (?:the|his|her|a) "
    r"(?:\w+ ){0,2}(?:surgery|procedure|operation|op|scope|repair|replacement|removal)\b"
    r"(?! (?:is|was) (?:fine|ok|okay|good|well|doing))|"
    r"(?:he|she)(?:'s| is| was) (?:the one )?(?:who|that) had (?:the |a )?(?:surgery|procedure|operation)|"
    # "my wife, she's the one you're calling about": the relative named is the patient.
    r"(?:he|she)(?:'s| is) the one (?:you'?re |you are |you were )?(?:calling|ringing|phoning) (?:about|for)|"
    r"llamo (?:por|de parte de)|(?<!no )(?:es|él es|ella es) (?:el|la) paciente|"
    # "hablo por mi esposo, él no puede", "soy la hija del paciente": the caller answers for the patient
    r"\b(?:hablo|estoy hablando|le hablo) (?:por|de parte de) (?:mi|mis)\b"
    r"(?! (?:cuenta|parte|mism[oa]|propi[oa]|lado|trabajo)\b)|"
    r"\bsoy (?:la|el|su) (?:hij[oa]|espos[oa]|mam[aá]|pap[aá]|niet[oa]|herman[oa]|nuera|yerno|sobrin[oa]|cuidador[a]?|"
    r"enfermer[oa]) (?:del|de la) (?:paciente|operad[oa])\b|"
    # "la operaron" ties the relative to the operation, unless the caller then sets themself apart ("cuando la
    # operaron a ella le dio fiebre, pero a mí nada de eso": the relative's own operation, the caller is the patient)
    # ... and a pet operated on is no patient ("al perro lo operaron también")
    r"(?<!perro )(?<!perra )(?<!gato )(?<!gata )(?<!perrito )(?<!perrita )(?<!mascota )"
    r"(?<!no )(?<!nunca )(?:lo|la) operaron(?![^.]*\b(?:pero|y)\s+(?:a\s+)?m[ií]\s+(?:nada|no)\b))",
    re.I,
)
# A caregiver speaking about the patient: a close relative whose post-operative things are named ("my
# husband's incision", "his bandage", "since her operation", "they started her on the painkiller"). A
# friend's or neighbour's incision stays someone else's, and so does anyone when the caller says the
# patient is fine or is someone else ("but I'm fine", "not me", "she has her own doctor").
_CLOSE = (
    r"(?:husband|wife|partner|spouse|mom|mum|mother|mama|dad|father|papa|son|daughter|boy|girl|kid|child|baby|"
    r"grand(?:ma|mother|pa|father)|granny|grandson|granddaughter)"
)
_POST_OP = (
    r"(?:incision|wound|cut|scar|stitch\w*|sutures?|staples?|bandage|dressing|gauze|catheter|drain|cast|splint|"
    r"surgery|operation|op|procedure|repair|replacement|(?:pain )?(?:pills|meds|medicines?|medications?|tablets)|"
    r"painkillers?|oxy\w*|percocet|norco|tramadol|hydrocodone|tylenol)"
)
# "my mom's friend", "my son's teacher": someone else again.
_RELATIVE = rf"\bmy {_CLOSE}\b(?!'?s? (?:friends?|neighbou?rs?|co-?workers?|colleagues?|boss|teachers?|classmates?|"
_RELATIVE += r"sisters?|brothers?|cousins?|aunts?|uncles?|dogs?|cats?|mates?|buddy|buddies|roommates?)\b)"
CAREGIVER_FOR_PATIENT = re.compile(
    rf"{_RELATIVE}(?:'s|s)? (?:[\w']+ ){{0,4}}{_POST_OP}\b|"
    rf"\b(?:since|after) (?:his|her) (?:[\w']+ ){{0,2}}(?:surgery|operation|op|procedure|repair|replacement)\b"
    rf".{{0,60}}?{_RELATIVE}|"
    rf"{_RELATIVE}.{{0,120}}?\b(?:(?:his|her) (?:[\w']+ ){{0,2}}{_POST_OP}|"
    rf"(?:since|after|from) (?:the|his|her) (?:[\w']+ ){{0,2}}(?:surgery|operation|op|procedure|repair|replacement)|"
    rf"(?:started|put) (?:him|her) on|the (?:pain )?(?:tablets|pills|meds|painkillers?))\b",
    re.I,
)
# Who the caller may be naming when a caregiver speaks for the patient: a close relative, said as the cue
# ConText heard (calls/triage/context.yaml and context_es.yaml, FAMILY; matched unaccented). A sibling, a
# friend, a neighbour, "my other son" or "mi hija mayor" stays someone else.
CLOSE_CUE = re.compile(
    r"^(?:a )?(?:my|our|mi) (?:husband|wife|partner|spouse|boyfriend|girlfriend|fiancee?|mom|mum|mother|dad|father|"
    r"grandma|grandmother|grandpa|grandfather|granny|grandson|granddaughter|stepdad|stepmom|mother-in-law|"
    r"father-in-law|mama|papa|madre|padre|esposo|esposa|marido|mujer|pareja|novio|novia|abuela|abuelo|abuelita|"
    r"abuelito|nieto|nieta|suegra|suegro)$|"
    # a Spanish-speaking carer's "el señor" / "la señora" is the person they care for; "la abuela" is the family's own
    r"^(?:a )?(?:el|la|al) (?:senor|senora|abuela|abuelo|abuelita|abuelito)$"
)


# --- The caller's own words: first person, and the person nouns that make "my" someone else ("my son").
# "my husband says my incision smells": the symptom is the patient's, not the husband's.
FIRST_PERSON = frozenset(
    {"i", "i'm", "im", "my", "me", "myself", "mine", "i've", "ive", "i'd", "yo", "mi", "mis", "tengo", "estoy"}
)
# ... and in Spanish the caller's own past and object forms ("tuve una convulsión", misspelt "tube"; "mi esposo dice que
# estuve con los ojos pa tras": what the relative saw, said of the caller).
FIRST_PERSON_ES = FIRST_PERSON | {
    "me", "tuve", "tube", "he", "conmigo", "estuve", "estube", "siento", "sentí", "senti", "desperté", "desperte",
    # "mi esposa dice que perdí el conocimiento", "dice que parezco pitufo": the caller's own, told by a relative
    "perdí", "perdi", "parezco",
}  # fmt: skip
# "my son had a seizure": "my" before one of these names a person, so what follows is not the speaker's own.
PERSON_NOUNS = frozenset(
    {
        "husband", "wife", "partner", "spouse", "mom", "mum", "mother", "mama", "dad", "father", "papa", "son",
        "daughter", "boy", "girl", "kid", "kids", "child", "baby", "grandma", "grandmother", "grandpa", "grandfather",
        "granny", "grandson", "granddaughter", "brother", "sister", "friend", "neighbour", "neighbor", "other",
        "little", "twin", "older", "younger", "elder", "eldest", "youngest", "nan", "nana", "grandad", "toddler",
    }
)  # fmt: skip
# "el perro de mi hija", "la vecina de mi mamá": "mi" naming a person is not the caller's own.
PERSON_NOUNS_ES = frozenset(
    {
        "hijo", "hija", "hijos", "hijas", "niño", "niña", "nino", "nina", "bebé", "bebe", "esposo", "esposa", "marido",
        "mujer", "mamá", "mama", "madre", "papá", "papa", "padre", "papás", "papas", "padres", "hermano", "hermana",
        "abuelo", "abuela", "abuelito", "abuelita", "tío", "tio", "tía", "tia", "primo", "prima", "vecino", "vecina",
        "amigo", "amiga", "novio", "novia", "suegro", "suegra", "cuñado", "cuñada", "cunado", "cunada", "nieto",
        "nieta", "sobrino", "sobrina", "compañero", "compañera", "jefe", "jefa", "pareja", "familia", "perro",
        "perrito", "perrita", "gato", "gatito",
    }
)  # fmt: skip
# "I keeled over, the neighbour helped me up": someone named after the red flag who did something to the speaker is
# who helped, not who had it.
HELPED_ME = frozenset(
    {"helped", "helps", "help", "found", "finds", "picked", "caught", "catches", "lifted", "pulled", "carried", "drove",
     "took", "brought", "got", "held", "grabbed", "dragged", "propped", "rolled", "sat", "saw", "heard", "woke"}
)  # fmt: skip
# "mi compadre me contó que a él le dio un coágulo": the caller is who was told, not who had it.
TOLD_ES = frozenset(
    {"contó", "conto", "dijo", "dijeron", "platicó", "platico", "comentó", "comento", "explicó", "explico", "avisó",
     "aviso", "escribió", "escribio", "mandó", "mando", "llamó", "llamo", "preguntó", "pregunto"}
)  # fmt: skip
# "mi mamá que vive conmigo se desmayó": the caller is where the relative lives, not who has the red flag.
WITH_ME_ES = frozenset(
    {"vive", "viven", "vivía", "vivia", "está", "esta", "estaba", "anda", "duerme", "vino", "llegó", "llego"}
)
# The speaker's own word: after "look like" a question is a statement ("what does that look like, my leg is red?").
OWN_WORD = re.compile(r"\b(?:i|i'?m|im|my|me|mine|i'?ve|ive)\b", re.I)


# --- Someone else's: the relative named is not the patient, or the trouble is the caller's own ("my other son").
# A caregiver's words that the relative named is not the patient ("but he's not the one who had surgery",
# "I'm the patient", "my other son", "el que no operaron", "no es la paciente", "mi otro hijo").
NOT_THE_PATIENT = re.compile(
    r"\bnot the (?:one|patient|person)\b|"
    r"\b(?:isn'?t|is not|wasn'?t|was not|aren'?t|are not) (?:the )?(?:one|patient)\b|"
    r"\b(?:i'?m|i am|im) the (?:one|patient)\b|"
    r"\b(?:didn'?t|did not|never|hasn'?t|has not|haven'?t|have not) (?:have|had) (?:the |a |any )?"
    r"(?:surgery|operation|procedure|op)\b|"
    r"\b(?:his|her|their) own (?:doctor|gp|physician|cardiologist)\b|\bsome(?:one|body) else\b|"
    r"\bwho had (?:the |a |his |her )?(?:\w+ )?(?:surgery|operation|procedure|op) (?:is|'s|was) "
    r"(?:fine|ok|okay|good|well|doing)|"
    r"\bmy other (?:son|daughter|kid|child|boy|girl|baby|grand\w+|parent)|"
    # The one operated on said to be doing well after it, and another named as the one: "Dad's doing well after his
    # surgery; it's my mother who got a rash".
    r"\b(?:he|she|(?:my )?(?:dad|mom|mum|father|mother|husband|wife|partner|son|daughter|grandma|grandpa|granny|nan))"
    r"(?:'s| is| has been)(?: doing| getting on| recovering| healing)? (?:really |just |totally )?"
    r"(?:fine|well|great|good|ok|okay|brilliant|grand) (?:after|since|from) (?:his|her|the) (?:\w+ )?"
    r"(?:surgery|operation|op|procedure)\b\W+(?:but\W+|and\W+)?it'?s (?:actually )?(?:my|our|his|her) "
    r"(?:\w+ )?\w+ (?:who|that)\b|"
    r"\b(?:el|la) que no (?:operaron|se opero)\b|\bno (?:lo|la) operaron\b|\bno es (?:el|la) (?:operad[oa]|paciente)\b|"
    r"\byo (?:que )?soy (?:el|la) (?:operad[oa]|paciente)\b|\botr[oa]s? (?:hij|nin|niet|nen|bebe)|"
    r"\b(?:hij[oa]|niet[oa]) (?:(?:el|la) )?(?:mayor|menor)\b|"
    # "mi mamá está bien, el que anda con dolor de pecho es mi papá": the one cared for is fine, the flag another's
    r"\b(?:esta|va|anda|sigue) (?:muy )?bien\W+(?:pero\W+)?(?:el|la) que (?:tiene|anda|esta|trae|siente|se siente)\b|"
    # "yo de la hernia voy bien", "yo con mi rodilla ando muy bien": the caller's own operation is fine, so the caller
    # is the patient and the relative named beside it is not
    r"\byo\W+(?:ya\W+)?(?:de|con)\W+(?:la|el|mi|lo)\W+(?:\w+\W+){0,2}?(?:voy|estoy|ando|sigo|me siento|me va|va)\W+"
    r"(?:muy\W+|super\W+|re\W+)?(?:bien|perfect[oa]|de maravilla)\b(?!\s+(?:mal[oa]?|\w+[ai]d[oa]s?)\b)",
    re.I,
)
# The caller's own trouble set against a patient who is fine: "I've been throwing up all day myself, but his recovery is
# going fine", "I'm the one who's out of breath running around after her, but she's doing great". The symptom is the
# caller's: someone else's for the patient's triage (an emergent one still gets its 911 line, as a bystander's).
# The caller says they are the carer ("I'm the caregiver", "I'm Dad's carer"): the words say who speaks.
CALLER_IS_CARER = re.compile(
    r"\b(?:i'?m|i am) (?:the|his|her|their|(?:my )?(?:dad|mom|mum|father|mother|husband|wife)'s) "
    r"(?:main )?(?:carer|caregiver|caretaker)\b",
    re.I,
)
CALLERS_OWN = re.compile(
    r"\b(?:myself|(?:i'?m|i am) the one (?:who|that)(?:'s| is| has| had| was| got| feels| felt| keeps|"
    r" can'?t| cannot| can)"
    # "it's actually me, I've had a fever": the caller names themself as the one with the trouble.
    r")\b|\b(?:it'?s|it is) (?:actually |really |just )?me(?:,| who\b| that\b| with\b| this time\b)|"
    + CALLER_IS_CARER.pattern,
    re.I,
)
_PERSON_FINE = r"(?:dad|mom|mum|father|mother|husband|wife|partner|son|daughter|grandma|grandpa|granny|nan|papa|mama)"
_OPERATED_PART = r"(?:recovery|surgery|operation|knee|hip|shoulder|wound|incision|stitches|leg|arm|back)"
_FINE = (
    r" (?:doing |going |recovering |healing |getting on |coming along )?(?:just |really |totally )?"
    r"(?:fine|great|well|good|ok|okay|brilliant|alright|all right|grand)\b"
)
THIRD_PATIENT_FINE = re.compile(
    # "but he's doing fine", "the patient is my dad and he's fine"; or the patient named, first in a sentence of its own
    # ("Dad's recovering great. It's me ...", "My wife's knee is healing well.").
    r"(?:\bbut |\bthe patient (?:is|'s) (?:my |our )?\w+,? (?:and |but )?)(?:he|she|they)(?:'s| is| are|'re)"
    + _FINE
    + r"|\bbut (?:his|her|their) (?:\w+ )?"
    + _OPERATED_PART
    + r"(?:'s| is| are| has been)"
    + _FINE
    + r"|(?:\bbut |^\W*|[.!?;]\s+)"
    + rf"(?:(?:my )?{_PERSON_FINE}(?:'s|s)? (?:\w+ )?{_OPERATED_PART}(?:'s| is| are| has been)|"
    rf"(?:my )?{_PERSON_FINE}(?:, who had (?:the|his|her|an?) (?:surgery|operation|op|procedure),)?"
    r"(?:'s| is| has been))" + _FINE,
    re.I,
)
# Only when the words say it is about the patient's recovery, or the call knows a caregiver speaks.
NAMES_THE_RECOVERY = re.compile(r"\b(?:his|her|their) (?:\w+ )?(?:recovery|surgery|operation|incision|wound)\b", re.I)


# --- The patient is fine: said of the caller or of the operated part ("I'm fine, it's my husband").
PATIENT_IS_FINE = re.compile(
    r"\b(?:i'?m|i am|me|i feel|i'm doing|i am doing) (?:\w+ )?(?:fine|good|ok|okay|great|alright|all right|well)\b|"
    r"\bnot (?:me|about me|for me)\b|\bmine\b|\bnot the (?:one|patient)\b|"
    r"\b(?:his|her|their) own (?:doctor|gp|cardiologist|physician)|"
    r"\bi'?m the (?:one|patient)\b|\bi am the (?:one|patient)\b|\bwho had (?:the )?surgery is fine\b",
    re.I,
)
# A close relative's sign said to be long-standing or recurring ("his lips are always a bit blue from his heart",
# "a mi suegra le dan convulsiones"): a known condition of someone else's, not a post-operative emergency of the
# patient's, when nobody has said who is speaking (context.read_text, _CANNOT_SPEAK). Spanish is matched unaccented.
LONG_STANDING = re.compile(
    r"\b(?:always|sometimes|often|every so often|from time to time|for years|since (?:birth|he was|she was)|"
    r"(?:gets|has|had) (?:these |those |his |her )?(?:seizures|fits|spells|epilepsy)|"
    r"(?:his|her|their) (?:heart|lung|lungs) (?:condition|disease|problem|trouble)|normal for (?:him|her))\b|"
    r"\b(?:siempre|a veces|seguido|de vez en cuando|desde hace anos|hace anos|toda la vida|de nacimiento|"
    r"(?:le|les) (?:dan|da) (?:esos |sus |unos )?(?:ataques|convulsiones|crisis)|"
    r"por su (?:corazon|enfermedad|epilepsia|pulmon|asma|enfisema))\b",
    re.I,
)
# The patient's own operated part said to be fine: "but my knee is doing fine". A relative's symptom in the same
# words is the relative's ("my son had a seizure at school today so I'm frazzled, but my knee is doing fine").
OWN_SITE_FINE = re.compile(
    r"\bbut (?:my|the) (?:knee|hip|shoulder|incision|wound|stitches|scar|back|foot|ankle|hand|wrist|elbow|neck|belly|"
    r"tummy|surgery|recovery|op|operation|repair|replacement)(?:'s| is| are| has been| have been)? "
    r"(?:doing |healing |going |looking |feeling |coming along )?(?:just |really |totally )?"
    r"(?:fine|great|well|good|ok|okay|alright|all right)\b",
    re.I,
)


# --- A question: the red flag asked about, not reported ("what if it gets hard to breathe?").
# A question asked about a condition, to its question mark ("what if I lie flat and it gets hard to breathe?"):
# ConText's "what if" stops at "and it", but the whole question is asked. Only up to a comma: "what if this is a
# heart attack, my chest is crushing?" says the chest is crushing.
QUESTION_IF = re.compile(
    r"^\W*(?:(?:so|and|but|ok|okay|um|uh|like|also|just|sorry)\W+)*"
    r"(?:what if|what happens if|what (?:should|do|would) (?:i|we) do if|"
    r"(?:should|do|would) (?:i|we) (?:call|ring|come in|go (?:in|to (?:the )?(?:er|a&e|hospital))) if|"
    r"how (?:do|will|would|can) (?:i|we) (?:know|tell) if)\b[^,;]*$",
    re.I,
)
# Asking what a sign looks like, to its question mark: "what does a reaction to the antibiotic look like, like hives
# or what?". A word of the speaker's own after "look like" is a statement again ("what does that look like, my leg is
# red?").
QUESTION_LOOKS = re.compile(
    r"^\W*(?:(?:so|and|but|ok|okay|um|uh|like|also|just|sorry)\W+)*"
    r"(?:what|how) (?:does|do|would|should|will|might|could) [^?]*?\blooks? like\b",
    re.I,
)


# --- An echoed answer: the nurse's question said back and answered no ("Fever? No, 98.2").
# The nurse's question said back and answered no in the next sentence: "Fever? I checked twice, it was normal, 98.2",
# "Am I short of breath? Not at all". Only a short echo (a few words to its question mark), and only a plain no or
# "normal" (never "not normal"), with no "yes" first. Not being able to follow the call is no answer: "¿Me pasa con
# una persona? No le entiendo a la máquina" still asks for a person.
ECHO_WORDS = 7
ANSWER_NO = re.compile(
    r"^\W*(?:(?:um|uh|well|honestly|oh)\W+)*(?:no|nope|nah|not at all|not really|not a bit|none|never|negative)\b"
    r"(?!\s+(?:(?:le|lo|la|les|te|me|se)\s+)?(?:entiendo|entiende|entendi|entendio|oigo|oye|escucho|escucha)\b)",
    re.I,
)
ANSWER_NORMAL = re.compile(r"\b(?:totally |completely |perfectly |all |quite |pretty )?normal\b", re.I)
ANSWER_NOT_NORMAL = re.compile(
    r"\b(?:not|isn'?t|wasn'?t|ain'?t|never|ab|above|over)\W*(?:\w+\W+)?normal\b|^\W*(?:yes|yeah|yep|yup)\b", re.I
)


# --- A restated absence: "not since" after a finding that is itself an absence ("no wee, not since last night").
# "nothing comes out, not since last night": after a finding that is itself an absence (no urine, no wet diaper,
# no stool), "not since <a time>" restates the absence rather than denying it. "... but not since then" still does.
SINCE_CUES = frozenset({"not since", "none since"})
ABSENCE_WORDS = frozenset({"no", "not", "n't", "nothing", "never", "none", "without", "cannot", "zero"})
