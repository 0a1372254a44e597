"""General English words that say what a figure measures, who it counts, and its scope.

These tables are general linguistic knowledge, not the vocabulary of any episode: the verbs and
nouns English uses for the outcomes of events (dying, being wounded, captured, displaced...),
the classes of things historians count (people, vessels, aircraft, buildings, weapons), the
words for kinds of people, and the adverbs and adjectives that narrow a figure in time
("immediate", "eventual") or mark it as one estimate among rivals ("officially", "some
sources"). Every word form is listed as written (no stemming library): the forms are few, and a
table is exact, fast and easy to review.

A *measure* is a general class of what is counted; :data:`MEASURE_LABELS` gives each its words
for people to read.
"""

from __future__ import annotations


def _forms(measure: str, words: str) -> dict[str, str]:
    return {word: measure for word in words.split()}


#: word form -> measure. Verbs in every form a sentence uses them; nouns singular and plural.
MEASURE_WORDS: dict[str, str] = {
    **_forms(
        "deaths",
        "killed kill kills killing death deaths dead died die dies dying fatalities fatality "
        "suicide suicides murder murders "
        "fatal perished perish perishing toll lives drowned murdered massacred slain slaughtered "
        "victims victim",
    ),
    **_forms(
        "wounded",
        "injured injure injures injuring injuries injury wounded wounding wounds hurt "
        "hospitalized hospitalised maimed treated treatment hospitals hospital",
    ),
    **_forms("casualties", "casualties casualty losses"),
    **_forms("missing", "missing disappeared unaccounted"),
    **_forms("bodies recovered", "bodies corpses recovered"),
    **_forms(
        "survivors",
        "survived survive survives surviving survivors survivor rescued rescue saved "
        "returned return returns returning",
    ),
    **_forms(
        "captured or held",
        "captured capture captives captive prisoners prisoner pows hostages hostage interned "
        "internees detained detainees held arrested arrests imprisoned jailed surrendered "
        "hands custody captivity",
    ),
    **_forms("executed", "executed execution executions hanged beheaded"),
    **_forms("convicted or charged", "convicted convictions sentenced charged charges indicted"),
    **_forms(
        "displaced",
        "evacuated evacuees evacuation displaced relocated resettled homeless refugees fled "
        "emigrated emigrants expelled uprooted",
    ),
    **_forms("infected", "infected infections infection cases sickened"),
    **_forms(
        "handed over or repatriated",
        "repatriated repatriation handed extradited transferred deported deportation",
    ),
    **_forms("affected", "affected exposed"),
    **_forms(
        "participants or strength",
        "troops engaged fought fighting combatants strength army armies marched protesters "
        "demonstrators marchers participants attended invaded invading mobilized mobilised "
        "deployed",
    ),
    **_forms("aboard", "aboard passengers carried carrying"),
    **_forms(
        "vessels",
        "ships ship vessels vessel warships warship boats boat junks galleons frigates "
        "destroyers submarines cruisers battleships carriers lifeboats",
    ),
    **_forms("aircraft", "aircraft planes plane airplanes aeroplanes bombers fighters helicopters"),
    **_forms(
        "buildings",
        "houses house buildings building homes dwellings churches structures shops businesses "
        "blocks",
    ),
    **_forms(
        "attacks or weapons",
        "attacks attack bombings bombs bomb blasts explosions raids shells missiles guns rifles "
        "cannons",
    ),
}

#: Measures read from a unit of measure rather than from words.
UNIT_MEASURES: dict[str, str] = {
    "percent": "share",
    "fraction": "share",
    "USD": "money",
    "GBP": "money",
    "EUR": "money",
    "roubles": "money",
    "hours": "duration",
    "minutes": "duration",
    "seconds": "duration",
    "days": "duration",
    "weeks": "duration",
    "months": "duration",
    "years": "duration",
    "miles": "distance",
    "kilometres": "distance",
    "metres": "distance",
    "feet": "distance",
    "yards": "distance",
    "tons": "weight",
    "tonnes": "weight",
    "pounds": "weight",
    "kilograms": "weight",
    "gallons": "volume",
    "litres": "volume",
    "acres": "area",
    "degrees": "temperature",
    "knots": "speed",
    "mph": "speed",
}

#: Factors to a base unit for each measure, so "135 feet" and "41 m" compare as one length.
UNIT_FACTORS: dict[str, float] = {
    "seconds": 1 / 3600,
    "minutes": 1 / 60,
    "hours": 1.0,
    "days": 24.0,
    "weeks": 168.0,
    "months": 730.0,
    "years": 8766.0,
    "metres": 1.0,
    "feet": 0.3048,
    "yards": 0.9144,
    "kilometres": 1000.0,
    "miles": 1609.344,
    "kilograms": 1.0,
    "pounds": 0.45359237,
    "tonnes": 1000.0,
    "tons": 1000.0,
}

#: Person nouns that name a subset of people rather than everyone ("children" within "people").
SUBSET_NOUNS: frozenset[str] = frozenset(
    [
        "men",
        "women",
        "children",
        "boys",
        "girls",
        "infants",
        "babies",
        "adults",
        "civilians",
        "soldiers",
        "troops",
        "sailors",
        "airmen",
        "marines",
        "officers",
        "crew",
        "crews",
        "crewmen",
        "passengers",
        "staff",
        "workers",
        "employees",
        "students",
        "pupils",
        "teachers",
        "schoolchildren",
        "villagers",
        "residents",
        "pilgrims",
        "protesters",
        "demonstrators",
        "police",
        "policemen",
        "agents",
        "attackers",
        "gunmen",
        "militants",
        "insurgents",
        "terrorists",
        "rebels",
        "fighters",
        "guerrillas",
        "members",
        "followers",
        "prisoners",
        "hostages",
        "inmates",
        "patients",
        "nurses",
        "doctors",
        "firefighters",
        "miners",
    ]
)

#: Nouns for kinds of people: who is counted, not what happened to them: the subsets above,
#: and people in general ("people", "persons"), singulars, and groups the subset rule leaves
#: whole ("families", "refugees", "Catholics").
PERSON_NOUNS: frozenset[str] = SUBSET_NOUNS | frozenset(
    [
        "people",
        "persons",
        "person",
        "man",
        "woman",
        "child",
        "civilian",
        "soldier",
        "officer",
        "passenger",
        "worker",
        "inhabitants",
        "citizens",
        "natives",
        "worshippers",
        "settlers",
        "colonists",
        "slaves",
        "immigrants",
        "migrants",
        "refugees",
        "Jews",
        "Christians",
        "Muslims",
        "Catholics",
        "Protestants",
        "individuals",
        "souls",
        "family",
        "families",
        "others",
        "member",
        "follower",
        "soldier",
        "victim",
    ]
)

#: Words that narrow a figure to part of an event's time: "immediate" deaths against "eventual".
#: A total ("in all", "overall", "altogether") is not among them: it is the whole, which a figure
#: that says nothing of its time counts too.
TIME_SCOPES: dict[str, str] = {
    "immediate": "immediate",
    "immediately": "immediate",
    "instantly": "immediate",
    "outright": "immediate",
    "direct": "immediate",
    "directly": "immediate",
    "eventual": "eventual",  # in all, over time
    "eventually": "eventual",
    "later": "eventual",
    "subsequent": "eventual",
    "subsequently": "eventual",
    "long-term": "eventual",
    "ultimately": "eventual",
}

#: Words that mark a figure as one estimate among others: the shape of a disagreement.
ATTRIBUTION_WORDS: frozenset[str] = frozenset(
    [
        "official",
        "officially",
        "estimate",
        "estimates",
        "estimated",
        "according",
        "reported",
        "reportedly",
        "claimed",
        "claims",
        "sources",
        "source",
        "count",
        "counted",
        "tally",
        "figure",
        "figures",
        "initially",
        "initial",
        "government",
        "historians",
        "scholars",
        "commission",
        "report",
        "reports",
        "say",
        "says",
        "said",
        "put",
        "cited",
    ]
)

#: Words that make a set apart from the one just mentioned.
SEPARATE_SET_WORDS: frozenset[str] = frozenset(
    {"additional", "another", "further", "other", "remaining", "more", "extra"}
)

#: Nouns of events: a title made of these and a name says which event a page is about.
EVENT_NOUNS: frozenset[str] = frozenset(
    [
        "battle",
        "battles",
        "siege",
        "war",
        "wars",
        "campaign",
        "invasion",
        "attack",
        "attacks",
        "bombing",
        "bombings",
        "raid",
        "massacre",
        "massacres",
        "uprising",
        "revolt",
        "rebellion",
        "riot",
        "riots",
        "revolution",
        "disaster",
        "tragedy",
        "catastrophe",
        "accident",
        "collapse",
        "crash",
        "sinking",
        "shipwreck",
        "wreck",
        "fire",
        "earthquake",
        "eruption",
        "flood",
        "famine",
        "pandemic",
        "epidemic",
        "plague",
        "outbreak",
        "explosion",
        "leak",
        "spill",
        "stampede",
        "expedition",
        "voyage",
        "crisis",
        "scandal",
        "fraud",
        "trial",
        "assassination",
        "coup",
        "strike",
        "protest",
        "shooting",
        "hijacking",
        "kidnapping",
    ]
)

#: Event nouns for wholes made of many incidents: a page about one holds incidents of its own.
UMBRELLA_EVENT_NOUNS: frozenset[str] = frozenset(
    [
        "war",
        "wars",
        "campaign",
        "attack",
        "attacks",
        "disaster",
        "tragedy",
        "catastrophe",
        "crisis",
        "uprising",
        "revolt",
        "rebellion",
        "revolution",
        "pandemic",
        "epidemic",
        "plague",
        "famine",
        "expedition",
        "riots",
        "protest",
    ]
)

#: Nouns after "over" that make a figure cumulative: "up to 16,000 over time".
SPANS_OF_TIME: frozenset[str] = frozenset(
    [
        "time",
        "years",
        "decades",
        "months",
        "weeks",
        "following",
        "subsequent",
        "next",
        "period",
        "course",
    ]
)

#: Measures that are classes of things: within one, the head noun says what is counted
#: (houses are not churches, though both are buildings).
OBJECT_MEASURES: frozenset[str] = frozenset(
    {"vessels", "aircraft", "buildings", "attacks or weapons"}
)

#: Head nouns folded together: different words for one kind of thing.
HEAD_SYNONYMS: dict[str, str] = {
    "warship": "ship",
    "vessel": "ship",
    "home": "house",
    "dwelling": "house",
    "plane": "aircraft",
    "airplane": "aircraft",
    "aeroplane": "aircraft",
    "blast": "explosion",
    "bombing": "bomb",
}

#: Adjectives of nationality and of sides: who a figure counts. General knowledge, written
#: out (a suffix rule would take "Human", "Public" or "March" for nationalities).
NATIONALITIES: frozenset[str] = frozenset(
    [
        "Afghan",
        "Albanian",
        "Algerian",
        "American",
        "Argentine",
        "Argentinian",
        "Armenian",
        "Australian",
        "Austrian",
        "Bangladeshi",
        "Belgian",
        "Bolivian",
        "Bosnian",
        "Brazilian",
        "British",
        "Bulgarian",
        "Burmese",
        "Cambodian",
        "Canadian",
        "Chilean",
        "Chinese",
        "Colombian",
        "Congolese",
        "Croatian",
        "Cuban",
        "Czech",
        "Danish",
        "Dutch",
        "Egyptian",
        "English",
        "Eritrean",
        "Estonian",
        "Ethiopian",
        "Filipino",
        "Finnish",
        "French",
        "Georgian",
        "German",
        "Ghanaian",
        "Greek",
        "Guatemalan",
        "Haitian",
        "Hungarian",
        "Icelandic",
        "Indian",
        "Indonesian",
        "Iranian",
        "Iraqi",
        "Irish",
        "Israeli",
        "Italian",
        "Jamaican",
        "Japanese",
        "Jordanian",
        "Kenyan",
        "Korean",
        "Kurdish",
        "Laotian",
        "Latvian",
        "Lebanese",
        "Libyan",
        "Lithuanian",
        "Malaysian",
        "Mexican",
        "Mongolian",
        "Moroccan",
        "Nepalese",
        "Nigerian",
        "Norwegian",
        "Pakistani",
        "Palestinian",
        "Persian",
        "Peruvian",
        "Polish",
        "Portuguese",
        "Prussian",
        "Romanian",
        "Roman",
        "Russian",
        "Rwandan",
        "Saudi",
        "Scottish",
        "Serbian",
        "Singaporean",
        "Slovak",
        "Somali",
        "Spanish",
        "Sudanese",
        "Swedish",
        "Swiss",
        "Syrian",
        "Taiwanese",
        "Thai",
        "Tibetan",
        "Turkish",
        "Ugandan",
        "Ukrainian",
        "Venezuelan",
        "Vietnamese",
        "Welsh",
        "Yemeni",
        "Zimbabwean",
        "Soviet",
        "Ottoman",
        "Byzantine",
        "Mughal",
        "Confederate",
        "Allied",
        "Axis",
        "Nazi",
        "Jewish",
        "Muslim",
        "Christian",
        "Catholic",
        "Protestant",
        "Hindu",
        "Sikh",
        "Buddhist",
        "Arab",
        "Persian",
        "Palestinian",
        "Black",
        "White",
        "Native",
        "Aboriginal",
    ]
)

#: Abbreviations that name a nationality.
ABBREVIATED_NATIONS: dict[str, str] = {
    "US": "American", "U.S.": "American", "USA": "American", "UK": "British",
    "U.K.": "British", "USSR": "Soviet", "PRC": "Chinese",
}  # fmt: skip

#: Verbs that give the length of the event itself: "lasting four days", "raged for 5 days".
LASTING_VERBS: frozenset[str] = frozenset(
    [
        "lasting",
        "lasted",
        "lasts",
        "last",
        "raged",
        "burned",
        "burnt",
        "burning",
        "took",
        "continued",
        "went",
    ]
)

#: Nouns that name people by what befell them: who is counted, when a verb beside the figure
#: says what is counted ("prisoners of war were repatriated").
STATUS_NOUNS: frozenset[str] = frozenset(
    [
        "prisoners",
        "prisoner",
        "captives",
        "captive",
        "hostages",
        "hostage",
        "internees",
        "detainees",
        "pows",
        "victims",
        "victim",
        "survivors",
        "survivor",
        "refugees",
        "evacuees",
        "emigrants",
        "casualties",
        "passengers",
        "passenger",
    ]
)
