"""Word tables behind subject assignment: groups, holders, kinds, events, scope words.

Kept apart from the matching code so that a historian can read (and extend) the vocabulary
without reading regular expressions.
"""

from __future__ import annotations

# --- Groups (who is counted). Pattern -> canonical group. Case-insensitive unless noted. ----
# "Russian" is deliberately NOT folded into "Soviet": whether White Russian emigres were Soviet
# citizens is exactly what Lienz was about, and two subjects a user can merge beat one that
# invents a conflict. For the same reason "British" and "Commonwealth" stay apart ("British and
# Commonwealth soldiers" is the composite group "British and Commonwealth").
GROUP_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"americans?|united states|yanks?", "American"),
    (r"british|britons?|englishmen|scots|welsh", "British"),
    (r"commonwealth", "Commonwealth"),
    (r"soviets?|red army", "Soviet"),  # not "USSR": a state, not people
    (r"russians?|white russians?", "Russian"),
    (r"allied|allies", "Allied"),
    (r"germans?|nazis?|wehrmacht", "German"),
    (r"polish|poles", "Polish"),
    (r"cossacks?", "Cossack"),
    (r"japanese", "Japanese"),
    (r"french|frenchmen", "French"),
    (r"italians?", "Italian"),
    (r"ukrainians?", "Ukrainian"),
    (r"yugoslavs?|yugoslavian", "Yugoslav"),
    (r"slovenes?|slovenians?", "Slovene"),
    (r"croats?|croatians?", "Croatian"),
    (r"serbs?|serbians?", "Serbian"),
    (r"hungarians?", "Hungarian"),
    (r"canadians?", "Canadian"),
    (r"australians?", "Australian"),
    (r"new zealanders?", "New Zealand"),
    (r"chinese", "Chinese"),
    (r"dutch", "Dutch"),
    (r"belgians?", "Belgian"),
    (r"czechs?|czechoslovaks?", "Czechoslovak"),
    (r"georgians?", "Georgian"),
    (r"kalmyks?", "Kalmyk"),
    (r"jews|jewish", "Jewish"),
)
# Upper-case only, so that the pronoun "us" is never a nation.
GROUP_PATTERNS_CASED: tuple[tuple[str, str], ...] = (
    (r"U\.S\.A?\.?|US|USA", "American"),
    (r"UK|U\.K\.", "British"),
)

#: Plural noun for a group, used in labels ("Americans held by the Soviet Union").
GROUP_PLURALS = {
    "American": "Americans", "British": "British", "Commonwealth": "Commonwealth nationals",
    "Soviet": "Soviets", "Russian": "Russians", "Allied": "Allied nationals",
    "German": "Germans", "Polish": "Poles", "Cossack": "Cossacks", "Japanese": "Japanese",
    "French": "French", "Italian": "Italians", "Ukrainian": "Ukrainians",
    "Yugoslav": "Yugoslavs", "Slovene": "Slovenes", "Croatian": "Croats", "Serbian": "Serbs",
}  # fmt: skip

#: A group word followed by one of these is a place, an institution or a holder, not the people
#: counted ("Soviet Union", "in Soviet hands", "British zone", "Allied-controlled areas").
PLACE_FOLLOWERS = (
    "union", "territory", "territories", "far east", "zone", "zones", "hands", "captivity",
    "custody", "camps", "camp", "control", "controlled", "occupied", "authorities",
    "government", "governments", "side", "officials", "ports", "port", "soil", "lines",
    "sector", "sectors", "press", "policy", "orders", "sources", "records", "archives",
    "documents", "figures", "historians", "war", "military", "liaison",
)  # fmt: skip
#: In the sentence-level fallback a group word before one of these names actors, not the
#: counted ("liberated by Soviet troops", "the British Army handed over"). The counted phrase
#: itself is searched without this filter, so "23,500 American soldiers" still yields American.
#: "diplomats" is deliberately absent: "US diplomats were able to convince him that the interned
#: crews..." is how a text says whose crews they were.
ACTOR_FOLLOWERS = (
    "army", "armies", "command", "intelligence", "heads", "leaders", "forces", "guards",
    "troops", "soldiers", "officers", "air force", "navy", "commanders", "generals",
)  # fmt: skip

# --- Holders (who holds people in custody) -> the qualifier text. ---------------------------
HOLDER_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"soviet union|soviets?|ussr|stalin|nkvd|smersh|red army|russians?|russia|gulags?",
     "the Soviet Union"),
    (r"germany|germans?|nazis?|hitler|gestapo|wehrmacht|third reich", "Germany"),
    (r"japan|japanese", "Japan"),
    (r"britain|british|united kingdom", "Britain"),
    (r"united states|americans?", "the United States"),
    (r"allies|allied", "the Allies"),
)  # fmt: skip
HOLDER_PATTERNS_CASED: tuple[tuple[str, str], ...] = (
    (r"US|U\.S\.|USA", "the United States"),
    (r"UK|U\.K\.", "Britain"),
)

#: Words that put the counted in someone's custody.
CUSTODY_CUES = (
    r"interned|internment|internees?|detained|detention|held|captive|captives|captivity|"
    r"imprisoned|prisoners?|pows?|prisoners of war|custody|hands|captured"
)

# --- Kinds (what is counted). Ordered: the first matching entry wins, so multi-word entries
# come before their single words. Collapsing rule: every word for military people, free or
# captive, collapses to "service personnel" (custody is a qualifier, not a kind), because
# sources call the same men "soldiers", "airmen", "prisoners" or "internees" interchangeably;
# "crews"/"aircrews" in the plural count crews as units and stay "crews"; civilians,
# citizens, forced labourers, aircraft and events (escapes, deaths) are kinds of their own.
KIND_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"prisoners? of war|pows?|p\.o\.w\.s?", "service personnel"),
    (r"crew ?members|crewmen|aircrewmen|aircrew\b", "service personnel"),
    (r"(?:air)?crews", "crews"),
    (r"forced[- ]lab(?:ou?|o)rers|slave[- ]lab(?:ou?|o)rers|ost-?arbeiters?|ostarbeiter",
     "forced labourers"),
    (r"displaced persons|d\.?p\.?s\b|refugees|civilians|women|children|families|noncombatants",
     "civilians"),
    (r"soldiers|troops|servicemen|service ?personnel|airmen|fliers|flyers|pilots|navigators|"
     r"gunners|sailors|seamen|marines|officers|personnel|prisoners|internees|captives|"
     r"veterans|infantrymen|paratroopers|gis|combatants|recruits|conscripts|volunteers|"
     r"fighters(?= (?:who|were|had|of))|men", "service personnel"),
    (r"citizens|nationals|subjects|emigres|émigrés|exiles", "citizens"),
    (r"people|persons|individuals|souls|inhabitants", "people"),
    (r"aircraft|airplanes|aeroplanes|planes|bombers|fighters|b-\d+s?|liberators|"
     r"superfortress(?:es)?|flying fortresses", "aircraft"),
    (r"escapes|escape attempts", "escapes"),
    (r"deaths|dead|fatalities", "deaths"),
    (r"casualties", "casualties"),
    (r"executions", "executions"),
    (r"suicides", "suicides"),
    (r"camps", "camps"),
    (r"ships|vessels", "ships"),
    (r"horses", "horses"),
    (r"tons|tonnes", "tons"),
    (r"dollars", "dollars"),
)  # fmt: skip

# --- Events (what happened to the counted). Pattern -> qualifier. ----------------------------
EVENT_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"awaiting repatriation|awaiting return|waiting to be repatriated", "awaiting repatriation"),
    (r"(?:forcibly )?(?:handed|turned) over|surrendered to|delivered to", "handed over"),
    (r"(?:forcibly )?repatriated|returned(?! to duty)|sent back|sent home|shipped home",
     "repatriated"),
    (r"executed|shot", "executed"),
    (r"killed|died|perished|dead|lost their lives|starved to death|drowned", "who died"),
    (r"escaped|fled|got away", "who escaped"),
    (r"released|freed|set free|liberated", "released"),
    (r"missing|unaccounted for|never returned|never came home", "missing"),
    (r"deported|transported|shipped east", "deported"),
    (r"wounded|injured", "wounded"),
    (r"committed suicide|killed themselves", "suicides"),
)  # fmt: skip

#: Adjectives in the counted phrase that change which people are counted.
STATUS_ADJECTIVES = {"former": "former", "surviving": "surviving", "wounded": "wounded"}

# --- Scope: a set apart from the one just mentioned. ------------------------------------------
SCOPE_WORDS = {
    "additional": "additional", "another": "additional", "further": "additional",
    "more": "additional", "extra": "additional", "remaining": "remaining", "rest": "remaining",
    "other": "other", "others": "other",
}  # fmt: skip

MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip

#: Capitalised words after "in/at/near" that are not places.
NOT_PLACES = frozenset(
    {
        "World", "War", "The", "Heads", "State", "Nazi", "Soviet", "Allied", "Western", "East",
        "West", "Europe's", "Congress", "Parliament", "Operation", "Lend", "His", "Her", "Their",
        "This", "That", "These", "Those", "Addition", "Particular", "Response", "Total", "All",
    }
)  # fmt: skip

NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    "hundred|thousand|million|billion|dozen|dozens|hundreds|thousands|millions"
)
