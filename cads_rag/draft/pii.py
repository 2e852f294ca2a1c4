"""Removal of personal data from a post before it goes to retrieval, to an LLM and to storage.

Every match is replaced by a typed, numbered placeholder; the advisor sees what was removed
through :attr:`Scrubbed.found` (the removed text itself is never serialised). Nothing here
needs a model: e-mails, IBANs and dates are regular expressions, phone numbers come from
``phonenumbers``, national IDs are checksum-validated with ``python-stdnum``, and names are
found from cue phrases, titles, greetings and signatures plus Faker's first/last-name lists,
guarded against ordinary words, months, cities, companies and German labour terms.

>>> scrub("Sunați-mă la 0176 12345678, Ana Popescu", "ro").text
'Sunați-mă la [PHONE_1], [NAME_1]'
>>> result = scrub("Mein Chef Herr Weber zahlt 12,82 €/h. Herr Weber sagt, § 622 BGB gilt nicht.", "de")
>>> result.text
'Mein Chef Herr [NAME_1] zahlt 12,82 €/h. Herr [NAME_1] sagt, § 622 BGB gilt nicht.'
>>> result.found[0].model_dump()
{'type': 'NAME', 'placeholder': '[NAME_1]', 'start': 15, 'end': 20}
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from collections.abc import Iterable
from importlib import import_module
from typing import Literal, NamedTuple

import phonenumbers
from pydantic import BaseModel, Field
from stdnum import iban, numdb
from stdnum.bg import egn
from stdnum.de import idnr
from stdnum.es import dni, nie
from stdnum.fr import nir
from stdnum.gr import amka
from stdnum.hr import oib
from stdnum.ie import pps
from stdnum.it import codicefiscale
from stdnum.pl import pesel
from stdnum.ro import cnp

from cads_rag.language import GERMAN_LOANWORDS
from cads_rag.romanised import SCRIPT_LANGUAGES, romanise
from cads_rag.settings import LANGUAGES

PiiType = Literal["NAME", "PHONE", "EMAIL", "IBAN", "ADDRESS", "BIRTHDATE", "ID_NUMBER"]


class PiiMatch(BaseModel):
    """One removed span; ``original`` stays in memory for the advisor but is never dumped."""

    type: PiiType
    placeholder: str
    original: str = Field(exclude=True)
    start: int
    end: int


class Scrubbed(BaseModel):
    """The post with every match replaced by its placeholder, and the matches in order."""

    text: str
    found: list[PiiMatch]


class _Hit(NamedTuple):
    start: int
    end: int
    type: PiiType
    key: str = ""  # identity of the value when it is not its normalised text (phones: E.164)


# Overlaps are settled by specificity first, then length.
_RANK: dict[str, int] = {"EMAIL": 0, "IBAN": 1, "ID_NUMBER": 2, "BIRTHDATE": 3, "PHONE": 4, "ADDRESS": 5, "NAME": 6}

# ---------------------------------------------------------------------------------------------
# word lists (casefolded and without diacritics when compared)
# ---------------------------------------------------------------------------------------------
def _fold(word: str) -> str:
    """Casefolded, without diacritics (people often type without them)."""
    decomposed = unicodedata.normalize("NFKD", word.casefold().replace("ł", "l").replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_FAKER_LOCALES = (
    "ro_RO", "pl_PL", "bg_BG", "it_IT", "es_ES", "hu_HU", "hr_HR", "el_GR", "en_GB", "en_US", "fr_FR", "de_DE"
)
_LOREM_LOCALES = ("de_DE", "el_GR", "es_ES", "fr_FR", "it_IT", "pl_PL", "en_US")
# Faker's frequency lists contain these as ordinary words, but written with a capital they are names.
_LOREM_NAMES = frozenset(
    """josé juan carlos maría luis antonio manuel miguel pedro francisco fernando felipe jorge martín pablo
rafael marco massimo claire françois pierre jan piotr sean""".split()
)

_MONTHS_DAYS = """
januar jänner februar märz april mai juni juli august september oktober november dezember montag dienstag mittwoch
donnerstag freitag samstag sonntag ianuarie februarie martie aprilie iunie iulie octombrie noiembrie decembrie luni
marți marti miercuri joi vineri sâmbătă sambata duminică duminica styczeń luty marzec kwiecień maj czerwiec lipiec
sierpień wrzesień październik listopad grudzień stycznia lutego marca kwietnia maja czerwca lipca sierpnia września
października listopada grudnia poniedziałek wtorek środa czwartek piątek sobota niedziela януари февруари март април
май юни юли септември октомври ноември декември понеделник вторник сряда четвъртък петък събота неделя gennaio
febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre lunedì martedì mercoledì
giovedì venerdì sabato domenica enero febrero abril mayo junio julio septiembre octubre noviembre diciembre lunes
martes miércoles jueves viernes sábado domingo január február március április május június július szeptember október
hétfő kedd szerda csütörtök péntek szombat vasárnap siječanj veljača ožujak travanj svibanj lipanj srpanj kolovoz
rujan studeni prosinac ponedjeljak utorak srijeda četvrtak petak subota nedjelja ιανουάριος φεβρουάριος μάρτιος
απρίλιος μάιος ιούνιος ιούλιος αύγουστος σεπτέμβριος οκτώβριος νοέμβριος δεκέμβριος δευτέρα τρίτη τετάρτη πέμπτη
παρασκευή σάββατο κυριακή janvier février mars avril juin juillet août septembre octobre novembre décembre lundi
mardi mercredi jeudi vendredi samedi dimanche january february march may june july october december monday tuesday
wednesday thursday friday saturday sunday
"""

_PLACES = """
deutschland germany germania niemcy германия alemania németország njemačka γερμανία allemagne german österreich
austria romania românia rumänien polska polen bulgaria българия italia italien españa spanien magyarország ungarn
hrvatska kroatien ελλάδα griechenland france frankreich europa europe berlin hamburg münchen munich monachium múnich
monaco köln koeln cologne colonia frankfurt stuttgart düsseldorf dortmund essen leipzig bremen dresden hannover
nürnberg nuremberg duisburg bochum wuppertal bielefeld bonn münster mannheim karlsruhe augsburg wiesbaden kassel
kiel lübeck rostock erfurt mainz regensburg ingolstadt würzburg ulm heilbronn bayern bavaria bavière baviera sachsen
hessen altona pasing varna plovdiv bucurești bucuresti bucharest iași iasi cluj timișoara timisoara constanța
constanta suceava craiova brașov brasov warszawa warsaw kraków krakow wrocław gdańsk poznań łódź radom roma rome
milano napoli naples torino bari palermo madrid barcelona valencia sevilla málaga malaga budapest debrecen szeged
pécs zagreb split rijeka osijek athens αθήνα θεσσαλονίκη paris lyon marseille strasbourg lille kehl london dublin
florenz firenze lisboa porto
"""

_ORGANISATIONS = """
amazon rewe lidl aldi edeka kaufland netto metro flixbus ryanair wizz wizzair lufthansa eurowings dhl hermes dpd gls
ups fedex zalando tönnies toennies vion westfleisch wiesenhof mcdonald's mcdonalds kfc lieferando wolt uber bolt
gorillas flink randstad adecco manpower tempton vodafone telekom rossmann ikea primark zara decathlon bosch siemens
bmw audi porsche volkswagen vw daimler opel dacia skoda toyota renault ford whatsapp facebook google messenger
telegram instagram tiktok ebay kleinanzeigen volánbusz sixt caritas diakonie malteser johanniter awo drk aok barmer
dak ikk dgb verdi faire mobilität mobilitaet jobcenter familienkasse bürgeramt buergeramt zoll arbeitsagentur
arbeitsgericht finanzamt ausländerbehörde krankenkasse rentenversicherung berufsgenossenschaft deutsche bahn db
"""

_GERMAN_TERMS = """
arbeit arbeitszeit ruhezeit pause pausen schicht nachtschicht bereitschaft bereitschaftsdienst rufbereitschaft
stunden stunde woche wochen monat monate jahr jahre tag tage feiertag geld euro lohn vertrag kündigungsschutzgesetz
kündigungsschutzklage entgeltfortzahlung lohnfortzahlung vorschuss abzug abzüge kost logis klage anwalt rechtsanwalt
gericht bescheid antrag termin brief einschreiben nachweis beweis papiere dokumente formular unterschrift ausweis
personalausweis reisepass adresse wohnung miete vermieter kaution handy email mail nachricht zettel betrieb
entleihbetrieb leiharbeiter mitarbeiter kollege kollegin vorarbeiter polier personal agentur spedition lager bau
baustelle tarifvertrag weihnachtsgeld urlaubsgeld überstunden minusstunden demenz wohnungsgeberbestätigung hallo
danke bitte frage hilfe job stelle scheidung mutter vater tochter sohn familie leute chefin vollzeit teilzeit
wochenende anfang ende abend morgen mittag vormittag nachmittag nacht doktor professor bgb kschg arbzg milog milov
entgfg burlg tzbfg aüg nachwg muschg beeg agg arbgg sgb estg gewo betrvg art abs nr iban bic swift pdf sms
"""

# Words that are also first names in Faker's lists (ordinary words, places, brands): not a name on
# their own, but one with a known surname, after a greeting, cue or title, or in a signature.
_AMBIGUOUS = """
sofia sofía софия victoria milan florence georgia virginia jordan chad kent mercedes penny norma logan octavia rosa
rose pilar aurora otto ernst mark wolf iris erika heide linde horst christ till flora gloria viola roman urban dan
nada mira vera stella bianca luna sole mare amor paz luz cruz dolores soledad consuelo amparo esperanza rosario
milagros remedios reyes ángel angel fortunata speranța speranta doina floare dor rada zora vesna ruža ruza slava
mila will hope joy faith grace dawn guy bill jack rich sue pat ray rob drew grant miles nick norm sandy chance
summer надежда вяра любов мира роза радост злата звезда цвета калина вино бог лев кит чудо луна есен жара жива чук
ζωή νίκη χαρά αυγή πηγή καλή ξένη ελπίδα ειρήνη σοφία δόξα αγάπη rózsa virág
"""

_TITLES_AND_ROLES = """
herr herrn frau hr fr domnul domnului doamna doamnei dl dna pan pani pana panią panem panu господин госпожа г-н г-жа
signor signora signore sig señor señora sr sra srta don doña úr asszony gospodin gospođa gđa κ κύριος κύριο κυρία
monsieur madame mademoiselle mme mlle mr mrs ms miss dr chef boss szef szefowa șef șeful sef seful patron patronul
jefe jefa capo titolare főnök šef шеф шефът
"""

_GREETINGS_TEXT = """
hallo hi hey hello dear liebe lieber servus moin salut buna bună draga dragă dragi cześć czesc witaj witam hej
здравей здрасти здравейте ciao salve cara caro hola querida querido szia sziasztok kedves bok pozdrav zdravo γεια
αγαπητή αγαπητέ bonjour coucou chère cher bonsoir buongiorno buenas
"""
_GREETINGS = frozenset(_fold(w) for w in _GREETINGS_TEXT.split())
_CLOSING_WORDS = """
danke lg mfg gruß grüße mulțumesc multumesc mersi pozdrawiam dziękuję dzięki благодаря поздрави grazie saluti
gracias saludos köszönöm köszi üdv üdvözlettel hvala lp ευχαριστώ φιλιά merci cordialement bises thanks thank cheers
regards best thx
"""

_GERMAN_NOUN_ENDINGS = (
    "ung", "heit", "keit", "schaft", "zeit", "geld", "lohn", "vertrag", "recht", "gesetz", "stelle", "amt",
    "kasse", "gericht", "schein", "stunden", "woche", "monat", "arbeit", "nummer", "tion", "tät", "nis",
    "beitrag", "zettel", "brief", "bescheid", "frist", "dienst", "betrieb", "firma", "urlaub", "zeugnis",
    "versicherung", "kraft", "leiter", "arbeiter", "geber", "nehmer", "schutz", "zulage", "zuschlag", "schicht",
)


def _folded(words: Iterable[object]) -> set[str]:
    out: set[str] = set()
    for entry in words:
        out.update(_fold(part) for part in str(entry).split() if len(part) > 1)
    return out


class _Lexicon(NamedTuple):
    first: frozenset[str]
    last: frozenset[str]
    ambiguous: frozenset[str]  # ordinary words: need more evidence than a capital letter
    never: frozenset[str]  # months, places, organisations, titles, German labour terms


def _faker_names(attribute_part: str) -> set[str]:
    """Faker's names of every locale; Bulgarian and Greek ones also in Latin letters
    ("Giorgos Papadopoulos"), as they appear in posts typed without those alphabets."""
    names: set[str] = set()
    for locale in _FAKER_LOCALES:
        provider = import_module(f"faker.providers.person.{locale}").Provider
        for attribute, value in vars(provider).items():
            if attribute_part in attribute and isinstance(value, (tuple, list, dict)):
                found = _folded(value)  # dicts (weights) iterate over their keys
                lang = locale[:2]
                names |= found | ({romanise(name, lang) for name in found} if lang in SCRIPT_LANGUAGES else set())
    return names


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    """Name and guard word sets, built once (about 0.2 s) on the first call."""
    first = _faker_names("first_name")
    last = _faker_names("last_name")
    last |= {name[:-1] + "a" for name in last if name.endswith(("ski", "cki", "dzki"))}  # Polish female forms
    lorem: set[str] = set()
    for locale in _LOREM_LOCALES:
        words = import_module(f"faker.providers.lorem.{locale}").Provider.word_list
        lorem |= _folded(w for w in words if w.casefold() not in _LOREM_NAMES)
    never = _folded(
        f"{_MONTHS_DAYS} {_PLACES} {_ORGANISATIONS} {_GERMAN_TERMS} {_TITLES_AND_ROLES} {_CLOSING_WORDS}".split()
        + list(GERMAN_LOANWORDS)
        + list(_GREETINGS)
    )
    never |= _folded(import_module("faker.providers.address.de_DE").Provider.cities)
    ambiguous = (lorem | _folded(_AMBIGUOUS.split())) - never
    return _Lexicon(frozenset(first), frozenset(last), frozenset(ambiguous), frozenset(never))


# ---------------------------------------------------------------------------------------------
# regular expressions
# ---------------------------------------------------------------------------------------------
_UP = "A-ZÀ-ÖØ-ÞĂĄĆČĐĘŁŃŐŚŞŠŢŰŹŻŽȘȚΆΈΉΊΌΎΏΑ-ΩЁА-Я"
_CAP = rf"[{_UP}][^\W\d_]+(?:[-'’][^\W\d_]+)*"  # a capitalised word (not the article "A")
_CITY = rf"[{_UP}](?![{_UP}])[^\W\d_]+(?:-[^\W\d_]+)*"  # capitalised, not an acronym such as EUR
_ANY = r"[^\W\d_]+(?:[-'’][^\W\d_]+)*"
_HOUSE = r"\d{1,3}[a-zA-Z]?(?!\w)(?:\s?[-/]\s?\d{1,3}[a-zA-Z]?(?!\w))?"
_WORD = re.compile(_ANY)

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")
_IBAN = re.compile(
    r"\b[A-Za-z]{2}\d{2}\s?[A-Za-z0-9]{4}"
    r"(?:\s?(?=[A-Za-z]{0,3}\d)[A-Za-z0-9]{4}){1,6}"  # groups after the bank code contain a digit
    r"(?:\s?[A-Za-z]{0,3}\d[A-Za-z0-9]{0,3})?\b"
)

_PHONE_CANDIDATE = re.compile(r"(?<!\w)[+(]*\d(?:[ \t./()\-]{0,3}\d){6,}")
_PHONE_PRECEDED_BY = re.compile(r"(?:§{1,2}|\bArt\.?|\bAbs\.?)\s*$", re.I)
_DATE_SHAPED = re.compile(r"\d{1,4}[./-]\s?\d{1,2}[./-]\s?\d{1,4}\.?")
_SERVICE_NUMBERS = frozenset(
    {
        phonenumbers.PhoneNumberType.TOLL_FREE,
        phonenumbers.PhoneNumberType.PREMIUM_RATE,
        phonenumbers.PhoneNumberType.SHARED_COST,
    }
)
_NOT_PHONE_AFTER = re.compile(
    r"\s?(?:[%€$£]|(?:eur|euro|lei|ron|zł|zl|pln|лв|ft|huf|kn|h|std|stunden|uhr|km)\b)", re.I
)

_ID_CUE = re.compile(
    r"""(?ix)(?<!\w)(?:
    (?:personalausweis|ausweis|reisepass|passport|paszport|pa[șşs]aport|passaporto|pasaporte|passeport
       |putovnica|[úu]tlev[ée]l|паспорт|διαβατήριο)(?:nummer|nr\.?|u|ul|ului)?
    | (?:nr\.?|numer)\s+dowodu(?:\s+osobistego)? | dow[oó]d\w*(?:\s+osobist\w+)?
    | buletin\w* | carte\s+de\s+identitate | cart[ae]\s+d['’]\s?identit[àaé] | carta\s+di\s+identit[àa]
    | documento\s+de\s+identidad | szem[ée]lyi(?:\s+igazolv[áa]ny\w*)? | osobn[aeu]\s+iskaznic\w+
    | лична\s+карта | ταυτότητ\w+
    | steuer-?\s?id | steuer-?identifikationsnummer | identifikationsnummer | steuernummer | steuer-?nr\.?
    | sozialversicherungsnummer | sv-?nummer | sv-?nr\.? | rentenversicherungsnummer
    | (?:kranken)?versicherungsnummer | personalnummer
    | codice\s+fiscale | tessera\s+sanitaria | national\s+insurance(?:\s+number)? | ni\s+number
    | social\s+security\s+number
    | num[ée]ro\s+de\s+s[ée]curit[ée]\s+sociale | ad[óo]azonos[íi]t[óo](?:\s+jel)? | taj-?sz[áa]m
    | (?-i:DNI|NIE|NIF|CNP|PESEL|NIP|OIB|TAJ|ЕГН|ЛНЧ|ΑΜΚΑ|ΑΦΜ|AMKA|AFM|SSN|NINO|PPS|CI|ID|SV)
    )(?!\w)""",
)
_ID_VALUE = re.compile(
    r"""(?ix)
    (?:\s*(?:[:#=–-]|(?:nr|no|n[°º]|num[ée]ro|n[uú]mero|number|nummer|numer|num[ăa]r|sz[áa]m[aá]?|broj|br|αριθμός
        |αρ|номер|№|is|ist|lautet|este|e|è|es|est|je|είναι|seria|series|serie|mea|meu|mein|meine|my|mi|moja|moj
        |moje|mon|ma|il\s+mio|la\s+mia)(?!\w)\.?))*\s*
    (?P<value>(?:[A-ZΑ-ΩА-Я]{1,3}\s?(?:nr\.?|no\.?|n[°º]|№)?\s?)?[A-Z0-9Α-ΩА-Я]*\d[A-Z0-9Α-ΩА-Я]*
              (?:[ /.-][A-Z0-9Α-ΩА-Я]*\d[A-Z0-9Α-ΩА-Я]*){0,6}(?:\s?(?-i:[A-Z])(?!\w))?)""",
)
_ID_TOKEN = re.compile(r"(?<![\w+/.,-])(?:[A-Za-z0-9]{8,16}|\d{2} \d{3} \d{3} \d{3})(?![\w/-]|[.,]\d)")
_SV_NUMBER = re.compile(r"\b\d{2}\s?(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])\d{2}\s?[A-Z]\s?\d{3}\b")
_NINO = re.compile(r"\b[A-CEGHJ-PR-TW-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b")

_MONTH = (
    r"(?:jan|jän|feb|fév|fev|mär|mar|márc|apr|ápr|avr|mai|maj|máj|may|jun|jún|juin|jul|júl|juil|aug|août|aout|ago"
    r"|sep|szept|set|okt|oct|ott|nov|noi|dez|dec|dic|déc|ian|iun|iul|gen|giu|lug|ene|abr|sty|lut|kwi|cze|lip|sie"
    r"|wrz|paź|paz|lis|gru|sij|velj|ožu|ozu|tra|svi|srp|kol|ruj|stu|pro|яну|фев|мар|апр|май|юни|юли|авг|сеп|окт"
    r"|ное|дек|ιαν|φεβ|μαρ|απρ|μαΐ|μαϊ|μαι|ιουν|ιουλ|αυγ|σεπ|οκτ|νοε|δεκ)[^\W\d_]*\.?"
)
_DATE = re.compile(
    rf"""(?ix)
    (?<![\d.])[0-3]?\d[./-]\s?[01]?\d[./-]\s?(?:19|20)?\d{{2}}(?!\d)
    | (?<![\d.])(?:19|20)\d{{2}}(?:-[01]?\d-[0-3]?\d|/[01]?\d/[0-3]?\d|\.\s?[01]?\d\.\s?[0-3]?\d\.?)(?!\d)
    | (?<!\d)(?:19|20)\d{{2}}\.?\s*{_MONTH}\s*[0-3]?\d\.?(?:-?[^\W\d_]{{1,3}}(?!\w))?
    | (?<![\d.])[0-3]?\d(?:\.|st|nd|rd|th)?\s*(?:de\s+|of\s+)?{_MONTH}
      (?:\s*(?:de\s+|del\s+)?,?\s*(?:19|20)\d{{2}}(?!\d))?
    | \b{_MONTH}\s+[0-3]?\d(?:st|nd|rd|th)?,?\s+(?:19|20)\d{{2}}(?!\d)
    """,
)
_BIRTH_CUE = re.compile(
    r"""(?ix)(?<!\w)(?:geboren|geb\.|geburtsdatum|geb\.-datum|geburtstag|born|birthday|date\s+of\s+birth|birth\s*date
    |d\.?o\.?b\.?|n[ăa]scut[ăa]?|data\s+na[șşs]terii|urodzon[ya]|urodzi[łl]\w*|ur\.|data\s+urodzenia|роден[ао]?
    |дата\s+на\s+раждане|рождена\s+дата|nat[oa]|data\s+di\s+nascita|nacid[oa]|nac[ií]|fecha\s+de\s+nacimiento
    |f\.\s?nac\.?|sz[üu]let(?:tem|ett|[ée]si\s+(?:d[áa]tum|id[őo])\w*)|sz[üu]l\.|ro[đd]j?en[aio]?|datum\s+ro[đd]j?enja
    |γεννήθηκα|γεννήθηκε|γεννημένος|γεννημένη|ημερομηνία\s+γέννησης|ημ\.\s?γέννησης|née?
    |date\s+de\s+naissance)(?!\w)""",
)
_CUE_BEFORE_DATE, _CUE_AFTER_DATE = 45, 25  # characters between a birth cue and its date
_SENTENCE_END = re.compile(r"[.!?;,](?:\s|$)|\n")  # also a comma: "born in X, came here on <date>"

_UNIT_AFTER = re.compile(
    r"""(?ix)\s*(?:[%€$£]|[.,:]\d|(?:eur|euro|lei|ron|zł|zl|pln|лв|лева|ft|huf|kn|km|m|min|h|std|stunden?|uhr|ore|ora
    |godz\w*|óra|órát|ώρες|heures?|hours?|hrs|tage?n?|days?|zile|dni|дни|giorni|días|dias|napo?t?|dana|μέρες|jours?
    |wochen?|weeks?|monate?n?|months?|luni|miesi\w*|mesi|meses|jahren?|years?|ani|lat|anni|años|anos|év\w*|godin\w*
    |χρόνια|ans|mal|times|x|minuten?|minutes?|volte|veces|razy|ori|fois|leute|people|persone|personas|mitarbeiter\w*
    |kg|stück)(?!\w))""",
)
_POSTCODE_CITY = re.compile(
    rf",?\s*(?:(?P<code>(?:[A-Z]{{1,2}}-)?(?:\d{{2}}-\d{{3}}|\d{{3}} \d{{2}}|\d{{4,6}}))\s+{_CITY}"
    rf"(?:\s(?:am|an\sder|im)\s{_CAP})?"
    rf"|(?:{_CAP},?\s+)?[A-Z]{{1,2}}\d[A-Z\d]?\s?\d[A-Z]{{2}}\b)"  # UK postcode
)
_ADDRESS_CUE = re.compile(
    r"""(?ix)\b(?:wohne\s+(?:in|im|am|an\s+der)|wohnhaft(?:\s+in)?|(?:meine\s+)?adresse(?:\s+(?:ist|lautet))?|anschrift
    |adres[aă]?(?:\s+(?:mea|mi\s+je|moja))?|(?:my\s+)?address(?:\s+is)?|indirizzo|direcci[oó]n|domicilio|lakc[ií]m\w*
    |c[ií]mem|адрес\w*|διεύθυνση|(?:i\s+)?live\s+at|locuiesc\s+(?:[iî]n|pe)|mieszkam\s+(?:w|na|przy)|abito\s+(?:in|a)
    |habite\s+(?:à|au|a)|живея\s+(?:в|на)|μένω\s+(?:στην?|στο)|lakom|živim\s+(?:u|na))\s*[:,-]?\s*""",
)
_CUED_STREET = re.compile(rf"{_CAP}(?:\s{_CAP}){{0,2}},?\s*(?:(?i:nr|br|no)\.?\s*)?{_HOUSE}")
_GERMAN_STREETS = (
    re.compile(  # Hauptstraße 12, Hauptstr. 12a, Karl-Marx-Allee 3
        rf"\b(?:[A-ZÄÖÜ][\wäöüß]*-)*[A-ZÄÖÜ][\wäöüß]*?"
        rf"(?:straße|strasse|str\.|weg|allee|platz|gasse|ring|damm|ufer|chaussee|steig|pfad|wall|graben)\s?{_HOUSE}"
    ),
    re.compile(  # Berliner Allee 5, Am Markt 3
        rf"\b(?:[A-ZÄÖÜ][\wäöüß]*[- ]){{1,2}}(?:Straße|Strasse|Str\.|Weg|Allee|Platz|Gasse|Ring|Damm|Ufer|Chaussee"
        rf"|Markt|Berg|Park|Hof|Steig|Pfad|Wall|Graben|Kai)\s?{_HOUSE}"
    ),
    re.compile(  # Unter den Linden 5, Im Winkel 3 (not "Am Wochenende 2 Schichten")
        r"\b(?:Am|An der|An den|Auf der|Auf dem|Im|In der|In den|Zum|Zur|Unter den|Hinter der|Hinter dem|Vor dem)"
        r"\s(?P<word>[A-ZÄÖÜ][\wäöüß-]+)\s\d{1,3}[a-zA-Z]?(?!\w)(?!\s+[A-ZÄÖÜ][a-zäöüß])"
    ),
)
_RO_TYPES = r"(?i:str\.?|strada|bd\.?|b-dul|bdul\.?|bulevardul|calea|aleea|[șşs]oseaua|pia[țţt]a|intrarea|splaiul)"
_RO_FLAT = r"(?:,?\s*(?i:bl|sc|et|ap)\.?\s*\w{1,4})*"
_IT_PARTICLES = r"(?:(?i:del|della|dei|degli|delle|di|dello|san|santa|d['’])\s*)*"
_ES_TYPES = (
    r"(?:\b(?i:calle|avenida|avda\.?|av\.|plaza|pza\.?|paseo|camino|carretera|ctra\.|ronda|traves[ií]a|glorieta)\s+"
    r"|\b[cC]/\s*)"
)
_ES_PARTICLES = r"(?:(?i:de|del|la|los|las|y)\s+)*"
_FR_PARTICLES = r"(?:(?i:de\s+la|de\s+l['’]|des|du|de|d['’]|la|le|les|l['’])\s*)*"
_FR_TYPES = r"(?i:rue|avenue|av\.|boulevard|bd|place|allée|impasse|chemin|quai|cours|route|square|passage)"
_FR_NAME = rf"{_FR_PARTICLES}{_CAP}(?:[ -]{_FR_PARTICLES}{_CAP}){{0,3}}"
_HU_TYPES = r"(?i:utca|u\.|út|útja|tér|tere|körút|krt\.|köz|sor|sétány|rakpart|fasor|dűlő)"
_EN_TYPES = (
    r"(?:Street|Road|Lane|Avenue|Drive|Close|Court|Crescent|Gardens|Grove|Square|Terrace|Mews|Way|Place|St|Rd|Ln|Ave)"
)
_LOCAL_STREETS: dict[str, tuple[re.Pattern[str], ...]] = {
    "ro": (
        re.compile(
            rf"\b{_RO_TYPES}\s+(?:{_CAP}|\d{{1,2}})(?:\s+(?:{_CAP}|\d{{1,4}}))*?"  # "1 Decembrie 1918"
            rf",?\s*(?:(?i:nr)\.?\s*)?{_HOUSE}{_RO_FLAT}"
        ),
        re.compile(rf"\b{_RO_TYPES}\s+{_ANY}(?:\s+{_ANY}){{0,2}},?\s*(?i:nr)\.?\s*{_HOUSE}{_RO_FLAT}"),  # lower case
    ),
    "pl": (
        re.compile(
            rf"\b(?i:ul\.?|ulica|ulicy|al\.|aleja|alei|aleje|os\.|osiedle|osiedlu|pl\.|plac|placu)\s*"
            rf"(?:{_CAP}|\d{{1,2}})(?:\s+{_CAP}){{0,2}}\s*,?\s*{_HOUSE}(?:\s?m\.?\s?\d{{1,4}})?"
        ),
    ),
    "bg": (
        re.compile(
            rf"(?<!\w)(?i:ул\.|улица|бул\.|булевард|пл\.|площад|ж\.?к\.?)\s*[\"„«“]?{_CAP}(?:\s+{_CAP}){{0,2}}"
            rf"[\"“»”]?\s*,?\s*(?:№\s*|(?i:бл)\.?\s*)?{_HOUSE}"
        ),
    ),
    "it": (
        re.compile(
            rf"\b(?i:via|viale|v\.le|piazza|p\.zza|p\.za|piazzale|corso|c\.so|vicolo|largo|contrada)\s+"
            rf"{_IT_PARTICLES}{_CAP}(?:\s+{_IT_PARTICLES}{_CAP}){{0,2}}\s*,?\s*(?:(?i:n)[.°º]?\s*)?{_HOUSE}"
        ),
    ),
    "es": (
        re.compile(
            rf"{_ES_TYPES}{_ES_PARTICLES}{_CAP}(?:\s+{_ES_PARTICLES}{_CAP}){{0,3}}\s*,?\s*"
            rf"(?:(?i:n)[º°o.]?\s*|(?i:número)\s*)?{_HOUSE}(?:\s*,?\s*\d{{1,2}}\s?[º°ª]\s?[A-Za-z0-9]?[ºª]?)?"
        ),
    ),
    "hu": (re.compile(rf"\b(?:\d{{4}}\s+{_CAP},?\s+)?{_CAP}(?:\s+{_CAP}){{0,2}}\s+{_HU_TYPES}\s*{_HOUSE}\.?"),),
    "hr": (
        re.compile(rf"\b(?i:ulica|ul\.|trg|avenija)\s+{_ANY}(?:\s+{_ANY}){{0,2}}\s*,?\s*(?:(?i:br)\.?\s*)?{_HOUSE}"),
        re.compile(rf"\b{_CAP}\s+(?i:ulica|cesta|avenija)\s+{_HOUSE}"),
    ),
    "el": (
        re.compile(
            rf"(?<!\w)(?i:οδός|οδό|οδ\.|οδού|λεωφόρος|λεωφ\.|λεωφόρου|πλατεία)\s+{_CAP}(?:\s+{_CAP}){{0,2}}\s*,?\s*"
            rf"(?:(?i:αρ)\.?\s*)?{_HOUSE}"
        ),
    ),
    "en": (
        re.compile(
            rf"\b(?:(?i:flat|apt\.?|apartment)\s*\d{{1,4}}[A-Za-z]?,?\s+)?\d{{1,4}}[A-Za-z]?,?\s+"
            rf"{_CAP}(?:\s+{_CAP}){{0,2}}\s+{_EN_TYPES}\b\.?"
        ),
    ),
    "fr": (
        re.compile(rf"\b{_HOUSE}(?:\s?(?i:bis|ter))?,?\s+{_FR_TYPES}\s+{_FR_NAME}"),  # 12 rue de la Paix
        re.compile(rf"\b{_FR_TYPES}\s+{_FR_NAME}\s*,?\s*{_HOUSE}"),  # rue de la Paix 12
    ),
}

_STRONG_NAME_CUE = re.compile(
    r"""(?ix)\b(?:my\s+name\s+is|my\s+name['’]s|i\s+am\s+called|mein\s+name\s+ist|ich\s+hei(?:ß|ss)e|m[ăa]\s+numesc
    |numele\s+meu\s+(?:este|e)|nazywam\s+si[ęe]|mam\s+na\s+imi[ęe]|moje\s+imi[ęe]\s+to|казвам\s+се|името\s+ми\s+е
    |mi\s+chiamo|il\s+mio\s+nome\s+è|me\s+llamo|mi\s+nombre\s+es|a\s+nevem|zovem\s+se|moje\s+ime\s+je|ime\s+mi\s+je
    |με\s+λένε|ονομάζομαι|το\s+όνομά\s+μου\s+είναι|je\s+m['’\s]appelle|mon\s+nom\s+est)\s*[:,-]?\s*""",
)
_WEAK_NAME_CUE = re.compile(
    r"""(?ix)\b(?:i\s+am|i['’]m|ich\s+bin|sunt|jestem|аз\s+съм|sono|soy|ja\s+sam|είμαι|je\s+suis|moi\s+c['’]est)
    \s+(?:(?:la|il|die|der|ο|η)\s+)?""",
)
_HU_VAGYOK = re.compile(rf"((?:{_CAP}\s+)?{_CAP})\s+vagyok\b")
_TITLE = re.compile(
    r"""(?x)(?:(?<!\w)(?i:herrn?|frau|hr\.|fr\.|domnul|domnului|doamna|doamnei|dl\.|dna\.|d-na|d-l|d-nul|pan|pani|pana
    |panią|panem|panu|господин|господина|госпожа|госпожата|г-н|г-жа|signor|signora|signore|sig\.|sig\.ra|sig\.a|señor
    |señora|sr\.|sra\.|srta\.|don|doña|gospodin|gospodine|gospođa|gospođo|gospodja|gđa\.?|κ\.|κος|κα|κύριος|κύριο
    |κυρία|κυρίου|monsieur|madame|mademoiselle|mr\.?|mrs\.?|ms\.?)|\bMiss|\bM\.|\bMme|\bMlle)\s+(?:(?i:dr)\.?\s+)?""",
)
_HU_TITLE = re.compile(rf"((?:{_CAP}\s+)?{_CAP})\s+(?:úr|úrnak|urat|úrral|asszony|asszonynak|asszonnyal)\b")
_BOSS = re.compile(
    r"""(?ix)\b(?:chef|chefin|vorarbeiter(?:in)?|schichtleiter(?:in)?|teamleiter(?:in)?|kollegen?|kollegin
    |[șs]ef(?:ul|a|ului)?
    |patron(?:ul|ului)?|patroana|colegul|colega|szef(?:owa|a)?|kierownik|kierowniczka|brygadzista|kolega|koleżanka
    |шеф(?:ът|а|ката|ка)?|колега(?:та)?|колежка(?:та)?|capo|titolare|collega|jefe|jefa|encargad[oa]|compañer[oa]
    |f[őo]n[öo]k(?:öm|om)?|koll[ée]g[áa]?m?|šef(?:ica)?|sefica|kolegica|προϊστάμεν(?:ος|η)|συνάδελφ(?:ος|ο|ό)|αφεντικό
    |collègue|boss|manager|supervisor|colleague|co-?worker|foreman)\s+""",
)
_CLOSING = re.compile(
    r"""(?imx)(?:^|(?<=[.!?\n]))[ \t]*
    (?:danke(?:\s+schön|\s+sehr)?|vielen\s+dank|lg|liebe\s+grü(?:ß|ss)e|viele\s+grü(?:ß|ss)e|mfg
    |mit\s+freundlichen\s+grü(?:ß|ss)en|gru(?:ß|ss)|grü(?:ß|ss)e|mul[țţt]umesc(?:\s+anticipat|\s+frumos)?|mersi
    |cu\s+drag
    |cu\s+stim[ăa]|toate\s+cele\s+bune|pozdrawiam(?:\s+serdecznie)?|dzi[ęe]kuj[ęe](?:\s+bardzo)?|dzi[ęe]ki
    |z\s+powa[żz]aniem|благодаря(?:\s+предварително)?|поздрави|с\s+уважение|grazie(?:\s+mille|\s+in\s+anticipo)?|saluti
    |cordiali\s+saluti|un\s+saluto|gracias(?:\s+de\s+antemano)?|saludos|un\s+saludo|un\s+abrazo|atentamente
    |k[öo]sz[öo]n[öo]m(?:\s+előre)?|k[öo]szi|[üu]dv(?:özlettel)?|tisztelettel|hvala(?:\s+unaprijed)?|pozdrav|lp
    |srda[čc]an\s+pozdrav|ευχαριστώ(?:\s+πολύ)?|φιλιά|με\s+εκτίμηση|merci(?:\s+d['’]avance|\s+beaucoup)?|cordialement
    |bises|bien\s+à\s+vous|thanks(?:\s+in\s+advance)?|thank\s+you|cheers|(?:kind\s+|best\s+)?regards
    |best\s+wishes|many\s+thanks|thx|[-–—~]+)[ \t]*[,!.:]?[ \t]*\n?[ \t]*""",
)
_LINE_END = re.compile(r"[ \t]*[.!]*[ \t]*[^\w\s]{0,6}[ \t]*(?:\n|$)")
_INITIAL = re.compile(rf"\s[{_UP}]\.")
_NEXT_WORD = re.compile(rf"[ \t]+({_ANY})")
_PREVIOUS_WORD = re.compile(rf"({_ANY})[ \t]*[,!]?[ \t]*$")
_NUMBER_BEFORE = re.compile(r"\d\.?\s*$")
_BOUNDARY = ".!?…:;\n"
_OPENERS = "\"'„“”«»‚‘’([*•–—- \t"

_REGIONS: dict[str, tuple[str, ...]] = {
    "ro": ("RO",), "pl": ("PL",), "bg": ("BG",), "it": ("IT",), "es": ("ES",), "hu": ("HU",),
    "hr": ("HR",), "el": ("GR",), "en": ("GB", "IE"), "fr": ("FR",), "de": ("AT",),
}


def _oib(value: str) -> bool:
    return not value.startswith("0") and oib.is_valid(value)  # a leading 0 is a German phone number


def _codice_fiscale(value: str) -> bool:
    return len(value) == 16 and codicefiscale.is_valid(value)  # not the 11-digit company numbers


_ID_VALIDATORS = {
    "ro": (cnp.is_valid,), "pl": (pesel.is_valid,), "bg": (egn.is_valid,), "hr": (_oib,),
    "it": (_codice_fiscale,), "es": (dni.is_valid, nie.is_valid), "el": (amka.is_valid,), "fr": (nir.is_valid,),
    "en": (pps.is_valid,), "hu": (), "de": (),
}


# ---------------------------------------------------------------------------------------------
# detectors
# ---------------------------------------------------------------------------------------------
def _emails(text: str) -> list[_Hit]:
    return [_Hit(m.start(), m.end(), "EMAIL") for m in _EMAIL.finditer(text)]


def _ibans(text: str) -> list[_Hit]:
    """IBAN-shaped strings of a known IBAN country; the longest valid prefix if one is valid."""
    hits = []
    for m in _IBAN.finditer(text):
        raw = m.group(0)
        compact = iban.compact(raw)
        if not numdb.get("iban").info(compact[:2])[0][1] or sum(c.isdigit() for c in compact) < 10:
            continue
        end = m.end()
        for cut in range(len(raw), 14, -1):  # the regex may have taken a number written after the IBAN
            if (cut == len(raw) or raw[cut] == " ") and iban.is_valid(raw[:cut]):
                end = m.start() + cut
                break
        hits.append(_Hit(m.start(), end, "IBAN"))
    return hits


def _id_numbers(text: str, languages: tuple[str, ...]) -> list[_Hit]:
    """Numbers after an ID cue word, checksum-valid national IDs of the post's country, German SV numbers."""
    hits = []
    for cue in _ID_CUE.finditer(text):
        m = _ID_VALUE.match(text, cue.end())
        if m:
            value = m.group("value")
            alnum = [c for c in value if c.isalnum()]
            if len(alnum) >= 6 and sum(c.isdigit() for c in alnum) >= 2:
                hits.append(_Hit(m.start("value"), m.end("value"), "ID_NUMBER"))
    validators = [check for lang in languages for check in _ID_VALIDATORS[lang]] + [idnr.is_valid]
    for m in _ID_TOKEN.finditer(text):
        value = m.group(0).replace(" ", "").upper()
        if any(check(value) for check in validators):
            hits.append(_Hit(m.start(), m.end(), "ID_NUMBER"))
    patterns = (_SV_NUMBER, _NINO) if "en" in languages else (_SV_NUMBER,)
    hits += [_Hit(m.start(), m.end(), "ID_NUMBER") for p in patterns for m in p.finditer(text)]
    return hits


def _birthdates(text: str) -> list[_Hit]:
    """The one date closest to each birth cue (before or after it, same sentence); other dates are facts."""
    cues = list(_BIRTH_CUE.finditer(text))
    dates = [m.span() for m in _DATE.finditer(text)] if cues else []
    hits = []
    for cue in cues:
        after = [(s - cue.end(), (s, e)) for s, e in dates if 0 <= s - cue.end() <= _CUE_BEFORE_DATE]
        before = [(cue.start() - e, (s, e)) for s, e in dates if 0 <= cue.start() - e <= _CUE_AFTER_DATE]
        pairs = [(gap, span) for gap, span in after if not _SENTENCE_END.search(text, cue.end(), span[0])]
        pairs += [(gap, span) for gap, span in before if not _SENTENCE_END.search(text, span[1], cue.start())]
        if pairs:
            _, (start, end) = min(pairs)
            hits.append(_Hit(start, end, "BIRTHDATE"))
    return hits


@lru_cache(maxsize=4096)
def _phone_numbers(candidate: str, regions: tuple[str, ...]) -> tuple[tuple[int, int, str], ...]:
    """Personal phone numbers in a digit run as (start, end, E.164), from the first region that finds any number."""
    if candidate.startswith(("+", "00")):
        regions = regions[:1]  # international format: the region does not matter
    for region in regions:
        found = list(phonenumbers.PhoneNumberMatcher(candidate, region, leniency=phonenumbers.Leniency.VALID))
        if found:  # a hotline (toll-free, premium, shared cost) is no personal data
            return tuple(
                (m.start, m.end, phonenumbers.format_number(m.number, phonenumbers.PhoneNumberFormat.E164))
                for m in found
                if phonenumbers.number_type(m.number) not in _SERVICE_NUMBERS
            )
    # People mistype their numbers (a digit too few or too many): a run dialled like a phone
    # number (+, 00 or 0 first, 9+ digits) that could be one is removed anyway.
    if candidate.lstrip("(").startswith(("+", "0")) and sum(c.isdigit() for c in candidate) >= 9:
        found = list(phonenumbers.PhoneNumberMatcher(candidate, regions[0], leniency=phonenumbers.Leniency.POSSIBLE))
        return tuple((m.start, m.end, phonenumbers.format_number(m.number, phonenumbers.PhoneNumberFormat.E164)) for m in found)
    return ()


def _phones(text: str, languages: tuple[str, ...], taken: list[_Hit]) -> list[_Hit]:
    """Phone numbers in digit runs not already taken by a more specific match (IBAN, ID, date)."""
    regions = tuple(dict.fromkeys(("DE",) + tuple(r for lang in languages for r in _REGIONS[lang])))
    hits = []
    for cand in _PHONE_CANDIDATE.finditer(text):
        if any(h.start <= cand.start() and cand.end() <= h.end for h in taken):
            continue
        for start, end, key in _phone_numbers(cand.group(0), regions):
            start, end = cand.start() + start, cand.start() + end
            if not (
                _DATE_SHAPED.fullmatch(text, start, end)
                or _PHONE_PRECEDED_BY.search(text, max(0, start - 8), start)
                or _NOT_PHONE_AFTER.match(text, end)
            ):
                hits.append(_Hit(start, end, "PHONE", key))
    return hits


def _street_end(text: str, m: re.Match[str]) -> int | None:
    """End of a street match with its postcode and city, or None when the number is an amount/duration."""
    if _UNIT_AFTER.match(text, m.end()):
        return None
    tail = _POSTCODE_CITY.match(text, m.end())
    return tail.end() if tail else m.end()


def _addresses(text: str, languages: tuple[str, ...]) -> list[_Hit]:
    """Streets with a house number (German and the post's language), postcode + city after an address cue."""
    lex = _lexicon()
    hits = []
    patterns = _GERMAN_STREETS + tuple(p for lang in languages for p in _LOCAL_STREETS.get(lang, ()))
    for pattern in patterns:
        for m in pattern.finditer(text):
            word = m.groupdict().get("word")
            if word and (_fold(word) in lex.never or _fold(word) in lex.ambiguous):
                continue  # "Am Freitag 3", "Im Lager 2"
            end = _street_end(text, m)
            if end is not None:
                hits.append(_Hit(m.start(), end, "ADDRESS"))
    for cue in _ADDRESS_CUE.finditer(text):
        postcode = _POSTCODE_CITY.match(text, cue.end())
        if postcode and postcode.group("code"):
            hits.append(_Hit(cue.end(), postcode.end(), "ADDRESS"))
            continue
        street = _CUED_STREET.match(text, cue.end())
        end = _street_end(text, street) if street else None
        if street and end is not None and _fold(street.group(0).split()[0]) not in lex.never:
            hits.append(_Hit(cue.end(), end, "ADDRESS"))
    return hits


# ---------------------------------------------------------------------------------------------
# names
# ---------------------------------------------------------------------------------------------
def _germanish(folded: str) -> bool:
    return folded.endswith(_GERMAN_NOUN_ENDINGS)


def _is_cap(word: str) -> bool:
    return word[0].isupper()


def _surname_ok(word: str, lex: _Lexicon, strict: bool) -> bool:
    """A capitalised word that can follow a first name: a known surname, or (not strict) any proper-looking word."""
    f = _fold(word)
    if not _is_cap(word) or f in lex.never or len(f) < 2:
        return False
    if f in lex.last or f in lex.first:
        return f not in lex.ambiguous or f in lex.last
    return not strict and f not in lex.ambiguous and not _germanish(f) and not word.isupper()


def _extend_name(text: str, end: int, lex: _Lexicon, strict: bool, limit: int = 2, lowercase: bool = False) -> int:
    """End of a name after its first word (ending at ``end``): up to ``limit`` adjacent surname-like
    words (``lowercase``: also uncapitalised known names, after a strong cue) and an initial ("Ana P.")."""
    for _ in range(limit):
        m = _NEXT_WORD.match(text, end)
        if not m:
            break
        word = m.group(1)
        known = _fold(word) in lex.first or _fold(word) in lex.last
        if not (_surname_ok(word, lex, strict) or (lowercase and known and _fold(word) not in lex.ambiguous)):
            break
        end = m.end()
    initial = _INITIAL.match(text, end)
    return initial.end() if initial and not text[initial.end():initial.end() + 1].isalpha() else end


def _sentence_start(text: str, index: int) -> bool:
    """Whether only quotes, brackets or dashes stand between ``index`` and the previous sentence end."""
    j = index - 1
    while j >= 0 and text[j] in _OPENERS:
        j -= 1
    return j < 0 or text[j] in _BOUNDARY or unicodedata.category(text[j]).startswith("S")  # emojis end sentences too


def _previous_word(text: str, index: int) -> str:
    m = _PREVIOUS_WORD.search(text, max(0, index - 30), index)
    return _fold(m.group(1)) if m else ""


def _gazetteer_names(text: str, lex: _Lexicon) -> list[_Hit]:
    """Known first names (with a surname, mid-sentence or after a greeting) and "Surname Firstname"."""
    hits = []
    for m in _WORD.finditer(text):
        word, start = m.group(0), m.start()
        f = _fold(word)
        after_number = _NUMBER_BEFORE.search(text, max(0, start - 4), start)  # "3. Jan", "12 Mar"
        if not _is_cap(word) or word.isupper() or f in lex.never or after_number:
            continue
        greeted = _previous_word(text, start) in _GREETINGS
        if f in lex.first and f not in lex.ambiguous:
            end = _extend_name(text, m.end(), lex, strict=False)
            if end > m.end() or greeted or not _sentence_start(text, start):
                hits.append(_Hit(start, end, "NAME"))
        elif f in lex.first:
            end = _extend_name(text, m.end(), lex, strict=True)
            if end > m.end() or greeted:
                hits.append(_Hit(start, end, "NAME"))
        elif f in lex.last and f not in lex.ambiguous:
            nxt = _NEXT_WORD.match(text, m.end())
            if nxt and _fold(nxt.group(1)) in lex.first and _surname_ok(nxt.group(1), lex, strict=True):
                hits.append(_Hit(start, nxt.end(), "NAME"))
    return hits


def _cued_names(text: str, lex: _Lexicon) -> list[_Hit]:
    """Names announced by a phrase ("mă numesc", "ich bin"), a title, a job role or a signature."""
    hits = []
    for cue in _STRONG_NAME_CUE.finditer(text):
        m = _WORD.match(text, cue.end())
        known = m is not None and (_fold(m.group(0)) in lex.first or _fold(m.group(0)) in lex.last)
        if m and (_is_cap(m.group(0)) or known) and _fold(m.group(0)) not in lex.never:
            hits.append(_Hit(m.start(), _extend_name(text, m.end(), lex, strict=False, lowercase=True), "NAME"))
    for cue in _WEAK_NAME_CUE.finditer(text):
        m = _WORD.match(text, cue.end())
        if m and _is_cap(m.group(0)) and _fold(m.group(0)) in lex.first and _fold(m.group(0)) not in lex.never:
            hits.append(_Hit(m.start(), _extend_name(text, m.end(), lex, strict=False), "NAME"))
    for pattern in (_HU_VAGYOK, _HU_TITLE):
        for m in pattern.finditer(text):
            words = [_fold(w) for w in m.group(1).split()]
            if not any(w in lex.never for w in words) and (pattern is _HU_TITLE or any(w in lex.first for w in words)):
                hits.append(_Hit(m.start(1), m.end(1), "NAME"))
    for cue in _TITLE.finditer(text):
        m = _WORD.match(text, cue.end())
        if m and _is_cap(m.group(0)) and _fold(m.group(0)) not in lex.never:
            hits.append(_Hit(m.start(), _extend_name(text, m.end(), lex, strict=False, limit=1), "NAME"))
    for cue in _BOSS.finditer(text):
        m = _WORD.match(text, cue.end())
        if m and _surname_ok(m.group(0), lex, strict=False):
            hits.append(_Hit(m.start(), _extend_name(text, m.end(), lex, strict=False, limit=1), "NAME"))
    for cue in _CLOSING.finditer(text):
        m = _WORD.match(text, cue.end())
        if m and _is_cap(m.group(0)) and _fold(m.group(0)) not in lex.never:
            end = _extend_name(text, m.end(), lex, strict=False, limit=1)
            if _LINE_END.match(text, end):
                hits.append(_Hit(m.start(), end, "NAME"))
    return hits


# ---------------------------------------------------------------------------------------------
# public API
# ---------------------------------------------------------------------------------------------
def _resolve(hits: list[_Hit]) -> list[_Hit]:
    """Keep the most specific, then longest, of overlapping hits; in order of appearance."""
    kept: list[_Hit] = []
    for hit in sorted(hits, key=lambda h: (_RANK[h.type], h.start - h.end, h.start)):
        if hit.end > hit.start and all(hit.end <= k.start or hit.start >= k.end for k in kept):
            kept.append(hit)
    return sorted(kept)


def _value_key(hit: _Hit, original: str) -> str:
    if hit.key:
        return hit.key
    if hit.type in ("IBAN", "ID_NUMBER"):
        return "".join(c for c in original.upper() if c.isalnum())
    return " ".join(original.casefold().split())


def scrub(text: str, language: str) -> Scrubbed:
    """Replace personal data in ``text`` by typed placeholders such as ``[NAME_1]``.

    ``language`` is one of the 11 project codes or ``"unknown"`` (any other value is treated
    as unknown): it selects the phone regions, national-ID checksums and street conventions
    to try; with ``"unknown"`` all of them are tried. Cue phrases of all languages always apply.
    """
    languages = (language,) if language in LANGUAGES else LANGUAGES
    lex = _lexicon()
    hits = _emails(text) + _ibans(text) + _id_numbers(text, languages) + _birthdates(text)
    hits += _phones(text, languages, hits) + _addresses(text, languages)
    hits += _cued_names(text, lex) + _gazetteer_names(text, lex)
    found: list[PiiMatch] = []
    placeholders: dict[tuple[str, str], str] = {}
    counts: dict[str, int] = {}
    pieces: list[str] = []
    position = 0
    for hit in _resolve(hits):
        original = text[hit.start:hit.end]
        key = (hit.type, _value_key(hit, original))
        if key not in placeholders:
            counts[hit.type] = counts.get(hit.type, 0) + 1
            placeholders[key] = f"[{hit.type}_{counts[hit.type]}]"
        placeholder = placeholders[key]
        found.append(PiiMatch(type=hit.type, placeholder=placeholder, original=original, start=hit.start, end=hit.end))
        pieces += [text[position:hit.start], placeholder]
        position = hit.end
    pieces.append(text[position:])
    return Scrubbed(text="".join(pieces), found=found)
