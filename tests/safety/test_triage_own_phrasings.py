"""One test per catalogue entry with phrasings of my own, written apart from the evaluation set.

Written by the triage engineer from published discharge instructions in plain, lay, misspelt, parent
and non-native voices; tests/safety/test_redflag_heldout.py holds phrasings written by someone else.
"""

from __future__ import annotations

import pytest

from calls.triage import evaluate_rules
from calls.triage.catalogue import TIER_RANK, red_flag

PHRASINGS = [
    ("chest_pain", "i feel tightness across my chest"),
    ("chest_pain", "it burns in my chest and goes up into my jaw"),
    ("chest_pain", "my chest feel very heavy and hurt"),
    ("shortness_of_breath", "I feel like I'm drowning, I can't get air in"),
    ("shortness_of_breath", "she is struggling for air"),
    ("shortness_of_breath", "the breath, it does not come, I am gasping"),
    ("fainting", "everything went black and I woke on the floor"),
    ("fainting", "my husband found me passed out in the kitchen"),
    ("fainting", "I dropped on the floor, I don't remember"),
    ("cyanosis", "my skin looks gray and my lips are dark"),
    ("cyanosis", "my lipps are bluish"),
    ("cyanosis", "she's gone a funny blue colour around her lips"),
    ("seizure", "he was convulsing on the floor"),
    ("seizure", "her whole body was jerking and she was drooling"),
    ("seizure", "my daughter stiffened up and started twitching all over"),
    ("stroke", "my words are mixed up and I can't find them"),
    ("stroke", "he is talking funny and one side droops"),
    ("stroke", "the left side of my body went numb all of a sudden"),
    ("anaphylaxis", "my throat is tight and itchy and my voice sounds strange"),
    ("anaphylaxis", "I think I'm having a bad allergic reaction, my throat is swelling"),
    ("anaphylaxis", "theres hives everywhere and my throat feels tight"),
    ("blood_coughed_or_vomited", "I cough and there is red blood in the tissue"),
    ("blood_coughed_or_vomited", "she threw up bright red"),
    ("blood_coughed_or_vomited", "my vomit has blood in it"),
    ("unresponsive", "he's totally out of it and won't answer"),
    ("unresponsive", "I shook him and he doesn't wake"),
    ("unresponsive", "he just stares and doesn't answer when I talk to him"),
    ("self_harm", "my daughter says she wants to die"),
    ("self_harm", "i dont want to be alive"),
    ("self_harm", "I might hurt myself tonight"),
    ("bleeding_uncontrolled", "I can't get it to stop bleeding"),
    ("bleeding_uncontrolled", "the blood is running down my leg and won't stop"),
    ("bleeding_uncontrolled", "there's blood everywhere and it won't quit"),
    ("fever", "it read 103 this morning"),
    ("fever", "shaking chills all night"),
    ("fever", "fever 101"),
    ("wound_infection", "my incision is infected I think"),
    ("wound_infection", "the site is hot to touch and very red"),
    ("wound_infection", "the wound stinks"),
    ("wound_opening", "the staples popped and it split open"),
    ("wound_opening", "the incision split open when I coughed"),
    ("wound_opening", "it's opened in the middle"),
    ("bleeding_soaked_dressing", "blood has soaked through the wrap"),
    ("bleeding_soaked_dressing", "I had to change the bandage three times because of the blood"),
    ("bleeding_soaked_dressing", "blood is coming through the dressing"),
    ("blood_clot", "my calf is tight and hurts when I walk"),
    ("blood_clot", "my leg is twice the size of the other one"),
    ("blood_clot", "I'm worried I have a clot in my leg"),
    ("circulation", "I can't feel my toes"),
    ("circulation", "my fingers are purple"),
    ("circulation", "pins and needles in my foot that won't go away"),
    ("skin_damage", "the skin over the spot looks dark and dead"),
    ("skin_damage", "blisters came up under the bandage"),
    ("skin_damage", "the area is turning dark purple black"),
    ("uncontrolled_pain", "I'm crying from the pain"),
    ("uncontrolled_pain", "the pain is way worse than they said and the medicine does nothing"),
    ("uncontrolled_pain", "the oxycodone isn't working"),
    ("urinary_retention", "I feel like I need to go but nothing comes out"),
    ("urinary_retention", "I haven't urinated in 10 hours"),
    ("urinary_retention", "my bladder feels full but I can't go"),
    ("vomiting_no_fluids", "she's been throwing up all day"),
    ("vomiting_no_fluids", "every time I drink something it comes back up"),
    ("vomiting_no_fluids", "I've vomited 6 times since this morning"),
    ("child_dehydration", "my baby is very sleepy and her mouth is dry"),
    ("child_dehydration", "my son's diaper has been dry all day"),
    ("child_dehydration", "the soft spot on her head looks sunken"),
    ("medication_reaction", "my face swelled up after taking the medication"),
    ("medication_reaction", "I think I'm allergic to the new medicine, I have red bumps everywhere"),
    ("medication_reaction", "he got a rash from the amoxicillin they gave him yesterday"),
    ("medication_overdose", "she got into the medicine bottle"),
    ("medication_overdose", "I took my pain pills twice because I forgot I already took them"),
    ("medication_overdose", "I took more than the label says"),
    ("mild_fever", "he feels a bit warm, 100.5"),
    ("mild_fever", "I'm running a slight temperature"),
    ("mild_fever", "she's got a little fever"),
    ("constipation", "I can't go to the bathroom, number two"),
    ("constipation", "no bowel movement since the surgery"),
    ("constipation", "my stomach is all backed up"),
    ("nurse_request", "I'd like a nurse to call me back"),
    ("nurse_request", "I want to talk to someone about my medicine"),
    ("nurse_request", "can somebody from the clinic call me back"),
]


@pytest.mark.parametrize(("key", "text"), PHRASINGS)
def test_each_entry_fires_on_a_phrasing_of_its_own(key, text):
    matches = evaluate_rules(text)
    assert key in [m.key for m in matches]
    assert TIER_RANK[matches[0].tier] >= TIER_RANK[red_flag(key).tier]  # never reported below its tier
