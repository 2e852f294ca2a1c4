"""Removal of personal data from posts (cads_rag.draft.pii): realistic posts in all 11 languages,
placeholders, overlaps, the dev set as a no-false-positive check, edge cases and speed."""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field

import pytest

from cads_rag.draft.pii import PiiType, scrub
from cads_rag.settings import LANGUAGES, REPO_ROOT


@dataclass(frozen=True)
class Post:
    id: str
    lang: str
    text: str
    removed: tuple[tuple[PiiType, str], ...]  # every (type, original) that scrub must find, nothing else
    kept: tuple[str, ...] = field(default=())  # legal content that must survive


POSTS = (
    Post(
        "ro-a", "ro",
        "Buna ziua, ma numesc Ana Popescu si lucrez la Amazon in Köln din 01.03.2024. Seful meu, domnul Weber, "
        "nu mi-a platit orele suplimentare, 12,82 €/h x 40 Stunden. Am primit Kündigung pe 3 martie 2026. "
        "Sunati-ma la 0176 12345678 sau scrieti pe ana.popescu85@yahoo.com. Multumesc, Ana P.",
        (("NAME", "Ana Popescu"), ("NAME", "Weber"), ("PHONE", "0176 12345678"),
         ("EMAIL", "ana.popescu85@yahoo.com"), ("NAME", "Ana P.")),
        ("Amazon", "Köln", "01.03.2024", "12,82 €/h", "40 Stunden", "Kündigung", "3 martie 2026"),
    ),
    Post(
        "ro-b", "ro",
        "Salut! Sunt Ionela, nascuta pe 12.05.1990, stau pe str. Mihai Eminescu nr. 14, bl. A3, ap. 12 in Suceava "
        "si lucrez in Germania la Lidl, Mindestlohn 13,90 €. CNP 1630615123457. Banii vin in contul "
        "RO49 AAAA 1B31 0075 9384 0000. Am 52 de ani, pot primi Kindergeld? Tel +40 721 234 567",
        (("NAME", "Ionela"), ("BIRTHDATE", "12.05.1990"), ("ADDRESS", "str. Mihai Eminescu nr. 14, bl. A3, ap. 12"),
         ("ID_NUMBER", "1630615123457"), ("IBAN", "RO49 AAAA 1B31 0075 9384 0000"), ("PHONE", "+40 721 234 567")),
        ("Suceava", "Lidl", "Mindestlohn 13,90 €", "Am 52 de ani", "Kindergeld"),
    ),
    Post(
        "pl-a", "pl",
        "Witam, nazywam się Katarzyna Nowak (PESEL 44051401359). Pracuję w Zeitarbeit pod Monachium od 2 lat, "
        "160 godzin w miesiącu za 14,50 €/h. Szef Müller mówi, że § 8 AÜG mnie nie dotyczy. Mój numer: "
        "+48 601 234 567, mail kasia.nowak@wp.pl. Pozdrawiam, Kasia",
        (("NAME", "Katarzyna Nowak"), ("ID_NUMBER", "44051401359"), ("NAME", "Müller"), ("PHONE", "+48 601 234 567"),
         ("EMAIL", "kasia.nowak@wp.pl"), ("NAME", "Kasia")),
        ("Zeitarbeit", "Monachium", "2 lat", "160 godzin", "14,50 €/h", "§ 8 AÜG"),
    ),
    Post(
        "pl-b", "pl",
        "czesc, jestem Tomasz, urodzony 3 marca 1988, mieszkam na ul. Dluga 12 m. 4 w Poznaniu ale pracuje w Bremen. "
        "Dostalem Kündigung 15.01.2026 po 3 latach. Konto PL61 1090 1014 0000 0712 1981 2874, dowod osobisty "
        "ABC123456. Kolega Piotr Wiśniewski mowi ze mam 3 tygodnie na Klage. tel 601 234 567",
        (("NAME", "Tomasz"), ("BIRTHDATE", "3 marca 1988"), ("ADDRESS", "ul. Dluga 12 m. 4"),
         ("IBAN", "PL61 1090 1014 0000 0712 1981 2874"), ("ID_NUMBER", "ABC123456"), ("NAME", "Piotr Wiśniewski"),
         ("PHONE", "601 234 567")),
        ("Poznaniu", "Bremen", "Kündigung 15.01.2026", "3 latach", "3 tygodnie", "Klage"),
    ),
    Post(
        "bg-a", "bg",
        "Здравейте, казвам се Мария Иванова, ЕГН 8032056031. Работя в склад до Франкфурт, 12 часа на ден за "
        "1 200 евро. Шефът г-н Шулц казва, че Urlaub няма. Адрес: ул. „Витоша“ № 15, София. "
        "Телефон +359 888 123 456, maria.ivanova@abv.bg",
        (("NAME", "Мария Иванова"), ("ID_NUMBER", "8032056031"), ("NAME", "Шулц"), ("ADDRESS", "ул. „Витоша“ № 15"),
         ("PHONE", "+359 888 123 456"), ("EMAIL", "maria.ivanova@abv.bg")),
        ("Франкфурт", "12 часа", "1 200 евро", "Urlaub", "София"),
    ),
    Post(
        "bg-b", "bg",
        "Аз съм Георги, роден на 05.11.1979. Работя на строеж в Мюнхен от 1 март 2025, 15 евро на час без договор. "
        "Колегата Петър Димитров ми каза да звънна на 0888 123 456. Ще ме уволнят ли ако отида в Zoll? "
        "Благодаря, Георги",
        (("NAME", "Георги"), ("BIRTHDATE", "05.11.1979"), ("NAME", "Петър Димитров"), ("PHONE", "0888 123 456")),
        ("Мюнхен", "1 март 2025", "15 евро", "Zoll"),
    ),
    Post(
        "it-a", "it",
        "Ciao a tutti, mi chiamo Giulia Rossi, nata a Napoli il 12/03/1990. Lavoro in una pizzeria a Colonia, "
        "48 ore a settimana per 1.800 euro. Il titolare Marco Bianchi non mi paga il Urlaub. Codice fiscale "
        "RCCMNL83S18D969H, IBAN IT60 X054 2811 1010 0000 0123 456. Cell. 333 123 4567",
        (("NAME", "Giulia Rossi"), ("BIRTHDATE", "12/03/1990"), ("NAME", "Marco Bianchi"),
         ("ID_NUMBER", "RCCMNL83S18D969H"), ("IBAN", "IT60 X054 2811 1010 0000 0123 456"), ("PHONE", "333 123 4567")),
        ("Napoli", "Colonia", "48 ore", "1.800 euro", "Urlaub", "IBAN"),
    ),
    Post(
        "it-b", "it",
        "Buonasera, sono Francesco, abito in via Giuseppe Garibaldi 24, 70121 Bari ma lavoro a Monaco dal 1 gennaio "
        "2026. Il capo, il signor Huber, dice che il Kündigungsschutzgesetz non vale perche siamo in 6. La mia email "
        "è francesco.esposito@libero.it, tel +39 333 1234567. Grazie, Francesco",
        (("NAME", "Francesco"), ("ADDRESS", "via Giuseppe Garibaldi 24, 70121 Bari"), ("NAME", "Huber"),
         ("EMAIL", "francesco.esposito@libero.it"), ("PHONE", "+39 333 1234567")),
        ("Monaco", "1 gennaio 2026", "Kündigungsschutzgesetz", "siamo in 6"),
    ),
    Post(
        "es-a", "es",
        "Hola, me llamo Lucía García López, DNI 54362315K. Vivo en calle Mayor 5, 3º B, 28013 Madrid pero trabajo en "
        "Hamburgo desde enero. Mi jefe Pedro no me paga 13,90 € la hora. Me despidieron el 3 de marzo de 2026. "
        "IBAN ES91 2100 0418 4502 0005 1332, móvil 612 34 56 78.",
        (("NAME", "Lucía García López"), ("ID_NUMBER", "54362315K"), ("ADDRESS", "calle Mayor 5, 3º B, 28013 Madrid"),
         ("NAME", "Pedro"), ("IBAN", "ES91 2100 0418 4502 0005 1332"), ("PHONE", "612 34 56 78")),
        ("Hamburgo", "enero", "13,90 €", "3 de marzo de 2026"),
    ),
    Post(
        "es-b", "es",
        "buenas chicas, soy Carmen, naci el 7 de julio de 1992 y tengo NIE X2482300W. trabajo de camarera con minijob "
        "en Düsseldorf, 520 € al mes. la encargada, la señora Schneider, me dijo que no tengo vacaciones. escribidme "
        "a carmen.ruiz92@gmail.com o al +34 612 345 678. Un saludo, Carmen R.",
        (("NAME", "Carmen"), ("BIRTHDATE", "7 de julio de 1992"), ("ID_NUMBER", "X2482300W"), ("NAME", "Schneider"),
         ("EMAIL", "carmen.ruiz92@gmail.com"), ("PHONE", "+34 612 345 678"), ("NAME", "Carmen R.")),
        ("minijob", "Düsseldorf", "520 €"),
    ),
    Post(
        "hu-a", "hu",
        "Sziasztok! Kovács Anna vagyok, született 1985. március 12-én. Egy szállodában dolgozom Münchenben, havi "
        "1600 euró, napi 10 óra. A főnököm, Nagy Péter nem fizet. Lakcímem: 1051 Budapest, Petőfi utca 12. "
        "Telefon: +36 30 123 4567, email: kovacs.anna@freemail.hu",
        (("NAME", "Kovács Anna"), ("BIRTHDATE", "1985. március 12-én"), ("NAME", "Nagy Péter"),
         ("ADDRESS", "1051 Budapest, Petőfi utca 12."), ("PHONE", "+36 30 123 4567"),
         ("EMAIL", "kovacs.anna@freemail.hu")),
        ("Münchenben", "1600 euró", "10 óra"),
    ),
    Post(
        "hu-b", "hu",
        "Szia Zsófia! Én is raktárban dolgozom, a Familienkasse kérte a TAJ szám 123 456 789 és az adóazonosító jel "
        "8123456789 számot. Szabó László a kollégám, ő is 13,90 eurót kap óránként. Mennyi a Kindergeld 2026-ban? "
        "Üdv, Erika",
        (("NAME", "Zsófia"), ("ID_NUMBER", "123 456 789"), ("ID_NUMBER", "8123456789"), ("NAME", "Szabó László"),
         ("NAME", "Erika")),
        ("Familienkasse", "13,90 eurót", "Kindergeld 2026-ban"),
    ),
    Post(
        "hr-a", "hr",
        "Pozdrav svima, zovem se Ivana Horvat, OIB 33392005961. Radim u pekari u Stuttgartu od 1. ožujka 2024, "
        "40 sati tjedno za 2.100 eura bruto. Šef gospodin Becker kaže da nemam pravo na Urlaub u Probezeit. "
        "Adresa mi je Ilica 5, 10000 Zagreb. Mob: 091 234 5678",
        (("NAME", "Ivana Horvat"), ("ID_NUMBER", "33392005961"), ("NAME", "Becker"),
         ("ADDRESS", "Ilica 5, 10000 Zagreb"), ("PHONE", "091 234 5678")),
        ("Stuttgartu", "1. ožujka 2024", "40 sati", "2.100 eura", "Urlaub", "Probezeit"),
    ),
    Post(
        "hr-b", "hr",
        "bok, ja sam Marko, rodjen 14.02.1987. sef mi je dao otkaz (Kündigung) preko WhatsAppa, je li to valjano po "
        "§ 623 BGB? Moj IBAN HR12 1001 0051 8630 0016 0, javite se na marko.babic@gmail.com ili +385 91 234 5678. "
        "Hvala, Marko Babić",
        (("NAME", "Marko"), ("BIRTHDATE", "14.02.1987"), ("IBAN", "HR12 1001 0051 8630 0016 0"),
         ("EMAIL", "marko.babic@gmail.com"), ("PHONE", "+385 91 234 5678"), ("NAME", "Marko Babić")),
        ("Kündigung", "WhatsAppa", "§ 623 BGB"),
    ),
    Post(
        "el-a", "el",
        "Καλησπέρα, με λένε Γιώργος Παπαδόπουλος, γεννήθηκα στις 12 Μαρτίου 1985. Δουλεύω σε αποθήκη στη Στουτγάρδη "
        "9 ώρες τη μέρα για 1.500 ευρώ. Ο προϊστάμενος κ. Wagner λέει ότι δεν δικαιούμαι Urlaub. "
        "ΑΜΚΑ 01013099997, τηλ. +30 694 123 4567.",
        (("NAME", "Γιώργος Παπαδόπουλος"), ("BIRTHDATE", "12 Μαρτίου 1985"), ("NAME", "Wagner"),
         ("ID_NUMBER", "01013099997"), ("PHONE", "+30 694 123 4567")),
        ("Στουτγάρδη", "9 ώρες", "1.500 ευρώ", "Urlaub"),
    ),
    Post(
        "el-b", "el",
        "Γεια σας, είμαι η Ελένη και δουλεύω σε ξενοδοχείο στο Μόναχο από 1 Ιανουαρίου 2025. Ο εργοδότης μου, "
        "ο κύριος Fischer, δεν πληρώνει τις υπερωρίες (Überstunden), 60 ώρες την εβδομάδα. Μένω στην οδό Αθηνάς 22. "
        "Email eleni.k@gmail.com, κινητό 694 123 4567. Ευχαριστώ, Ελένη Κ.",
        (("NAME", "Ελένη"), ("NAME", "Fischer"), ("ADDRESS", "οδό Αθηνάς 22"), ("EMAIL", "eleni.k@gmail.com"),
         ("PHONE", "694 123 4567"), ("NAME", "Ελένη Κ.")),
        ("Μόναχο", "1 Ιανουαρίου 2025", "Überstunden", "60 ώρες"),
    ),
    Post(
        "en-a", "en",
        "Hi all, my name is John O'Brien, DOB 23/04/1986. I work in a warehouse near Leipzig for 12,82 €/h, 40 hours "
        "a week. My manager Steve said on 2 February 2026 that I'm fired. I live at 14 Baker Street, London NW1 6XE. "
        "NI number AB 12 34 56 C, phone 07911 123456",
        (("NAME", "John O'Brien"), ("BIRTHDATE", "23/04/1986"), ("NAME", "Steve"),
         ("ADDRESS", "14 Baker Street, London NW1 6XE"), ("ID_NUMBER", "AB 12 34 56 C"), ("PHONE", "07911 123456")),
        ("Leipzig", "12,82 €/h", "40 hours", "2 February 2026"),
    ),
    Post(
        "en-b", "en",
        "Hey guys, I'm Sarah, living in Hamburg since 2023. Landlord Mr Thompson keeps my €1,500 deposit and my "
        "employer pays 1.900 EUR netto for 160 Stunden. Call me on +49 151 23456789 or sarah.jones@outlook.com. "
        "PPS 6433435F. Cheers, Sarah",
        (("NAME", "Sarah"), ("NAME", "Thompson"), ("PHONE", "+49 151 23456789"), ("EMAIL", "sarah.jones@outlook.com"),
         ("ID_NUMBER", "6433435F")),
        ("Hamburg since 2023", "€1,500", "1.900 EUR", "160 Stunden"),
    ),
    Post(
        "fr-a", "fr",
        "Bonjour, je m'appelle Claire Dubois, née le 5 juin 1991. Je travaille dans un entrepôt à Kehl depuis le "
        "1er mars 2024, 35 heures par semaine pour 1 900 €. Mon chef M. Martin refuse de payer les heures sup. "
        "J'habite 12 rue de la Paix, 67000 Strasbourg. Tél 06 12 34 56 78, IBAN FR14 2004 1010 0505 0001 3M02 606. "
        "Merci, Claire",
        (("NAME", "Claire Dubois"), ("BIRTHDATE", "5 juin 1991"), ("NAME", "Martin"),
         ("ADDRESS", "12 rue de la Paix, 67000 Strasbourg"), ("PHONE", "06 12 34 56 78"),
         ("IBAN", "FR14 2004 1010 0505 0001 3M02 606"), ("NAME", "Claire")),
        ("Kehl", "1er mars 2024", "35 heures", "1 900 €"),
    ),
    Post(
        "fr-b", "fr",
        "salut, moi c'est Julien, numéro de sécurité sociale 2 95 10 99 126 111 93. Je suis détaché en Allemagne à "
        "Düsseldorf pour trois semaines. Le patron, Monsieur Lefèvre, nous loge à 8 dans une chambre. Mon adresse: "
        "Königsallee 20, 40212 Düsseldorf. julien.moreau@orange.fr / +33 6 12 34 56 78",
        (("NAME", "Julien"), ("ID_NUMBER", "2 95 10 99 126 111 93"), ("NAME", "Lefèvre"),
         ("ADDRESS", "Königsallee 20, 40212 Düsseldorf"), ("EMAIL", "julien.moreau@orange.fr"),
         ("PHONE", "+33 6 12 34 56 78")),
        ("à Düsseldorf pour trois semaines", "à 8 dans une chambre"),
    ),
    Post(
        "de-a", "de",
        "Hallo zusammen, ich bin Anna Kowalski aus Polen, geb. 14.07.1975. Ich arbeite seit 01.10.2023 als "
        "Reinigungskraft in Berlin, 30 Stunden/Woche, 13,90 €/h. Meine Chefin Frau Schulz hat mir am 3. März "
        "gekündigt, Kündigungsfrist laut § 622 BGB? Meine Adresse: Berliner Allee 5, 10115 Berlin. "
        "Tel. 0176/1234567, IBAN DE89 3704 0044 0532 0130 00. LG Anna",
        (("NAME", "Anna Kowalski"), ("BIRTHDATE", "14.07.1975"), ("NAME", "Schulz"),
         ("ADDRESS", "Berliner Allee 5, 10115 Berlin"), ("PHONE", "0176/1234567"),
         ("IBAN", "DE89 3704 0044 0532 0130 00"), ("NAME", "Anna")),
        ("Polen", "seit 01.10.2023", "Reinigungskraft in Berlin", "30 Stunden/Woche", "13,90 €/h", "am 3. März",
         "Kündigungsfrist laut § 622 BGB"),
    ),
    Post(
        "de-b", "de",
        "Guten Tag, mein Name ist Dragan Petrović, Steuer-ID 36 574 261 809, SV-Nummer 65170839J003. Ich wohne in der "
        "Goethestraße 7, 80331 München und arbeite auf dem Bau. Der Polier Herr Maier zahlt nur 12 € die Stunde, "
        "10h am Tag. Personalausweis T22000129. Bitte melden unter 0176-123 45 67 oder dragan.p@web.de. "
        "Mit freundlichen Grüßen, Dragan Petrović",
        (("NAME", "Dragan Petrović"), ("ID_NUMBER", "36 574 261 809"), ("ID_NUMBER", "65170839J003"),
         ("ADDRESS", "Goethestraße 7, 80331 München"), ("NAME", "Maier"), ("ID_NUMBER", "T22000129"),
         ("PHONE", "0176-123 45 67"), ("EMAIL", "dragan.p@web.de")),
        ("Bau", "Polier", "12 € die Stunde", "10h am Tag"),
    ),
)


def test_every_language_has_two_posts():
    assert sorted({post.lang for post in POSTS}) == sorted(LANGUAGES)
    assert all(sum(post.lang == lang for post in POSTS) >= 2 for lang in LANGUAGES)


@pytest.mark.parametrize("language", ["post", "unknown"])
@pytest.mark.parametrize("post", POSTS, ids=[post.id for post in POSTS])
def test_realistic_post(post: Post, language: str):
    result = scrub(post.text, post.lang if language == "post" else "unknown")
    assert {(m.type, m.original) for m in result.found} == set(post.removed)
    for _, original in post.removed:
        assert original not in result.text
    for pii_type in {pii_type for pii_type, _ in post.removed}:
        assert f"[{pii_type}_1]" in result.text
    for legal in post.kept:
        assert legal in result.text


@pytest.mark.parametrize("post", POSTS, ids=[post.id for post in POSTS])
def test_spans_point_into_the_original_and_rebuild_the_text(post: Post):
    result = scrub(post.text, post.lang)
    rebuilt, position = [], 0
    for match in result.found:
        assert post.text[match.start:match.end] == match.original
        assert match.start >= position
        rebuilt += [post.text[position:match.start], match.placeholder]
        position = match.end
    assert "".join(rebuilt) + post.text[position:] == result.text


def test_placeholders_are_numbered_per_type_in_order_of_appearance():
    result = scrub(POSTS[0].text, "ro")
    assert [m.placeholder for m in result.found] == ["[NAME_1]", "[NAME_2]", "[PHONE_1]", "[EMAIL_1]", "[NAME_3]"]


def test_same_value_gets_the_same_placeholder():
    text = (
        "Mă numesc Ana Popescu, tel. 0176 12345678. Colega mea zice că Ana  Popescu nu are drept la Urlaub. "
        "Sunați la +49 176 12345678 sau scrieți la Ana.Popescu@Gmail.com / ana.popescu@gmail.com."
    )
    result = scrub(text, "ro")
    assert result.text == (
        "Mă numesc [NAME_1], tel. [PHONE_1]. Colega mea zice că [NAME_1] nu are drept la Urlaub. "
        "Sunați la [PHONE_1] sau scrieți la [EMAIL_1] / [EMAIL_1]."
    )


def test_original_is_never_serialised():
    result = scrub(POSTS[-1].text, "de")
    dumped = result.model_dump()
    assert all("original" not in match for match in dumped["found"])
    assert all(set(match) == {"type", "placeholder", "start", "end"} for match in dumped["found"])
    serialised = result.model_dump_json()
    assert "Petrović" not in serialised and "T22000129" not in serialised and "original" not in serialised
    assert result.found[0].original == "Dragan Petrović"  # still there for the advisor


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        # an IBAN is not also a phone number; a typo'd IBAN is still removed, lower case too
        ("IBAN DE89 3704 0044 0532 0130 00", "de", [("IBAN", "DE89 3704 0044 0532 0130 00")]),
        ("IBAN DE89 3704 0044 0532 0130 01 (Tippfehler)", "de", [("IBAN", "DE89 3704 0044 0532 0130 01")]),
        ("iban de89370400440532013000 bitte", "de", [("IBAN", "de89370400440532013000")]),
        # a phone inside an address line is a phone
        ("Hauptstraße 12, 80331 München, Tel. 0176 12345678", "de",
         [("ADDRESS", "Hauptstraße 12, 80331 München"), ("PHONE", "0176 12345678")]),
        ("Ruf an: 0049 176 12345678 oder 0176/1234567 oder 0176-123 45 67", "de",
         [("PHONE", "0049 176 12345678"), ("PHONE", "0176/1234567"), ("PHONE", "0176-123 45 67")]),
        # a birth date is not also a phone number, an SV number not a date
        ("geboren am 12.03.1985, SV-Nr. 65170839J003", "de",
         [("BIRTHDATE", "12.03.1985"), ("ID_NUMBER", "65170839J003")]),
        # the name inside an e-mail address goes with the address
        ("Schreib an maria.schmidt@web.de", "de", [("EMAIL", "maria.schmidt@web.de")]),
    ],
)
def test_overlaps_keep_the_most_specific_match(text: str, language: str, expected: list[tuple[str, str]]):
    assert [(m.type, m.original) for m in scrub(text, language).found] == expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Hallo Maria, kannst du mir helfen?", "de", [("NAME", "Maria")]),
        ("Buna Ioana, ce faci?", "ro", [("NAME", "Ioana")]),
        ("Danke für eure Hilfe!\n— Maria", "de", [("NAME", "Maria")]),
        ("Pozdrawiam,\nKasia", "pl", [("NAME", "Kasia")]),
        ("Mój szef Kowalski nie płaci.", "pl", [("NAME", "Kowalski")]),
        ("Patronul Gigi nu plateste.", "ro", [("NAME", "Gigi")]),
        ("Mon patron Dupont ne paie pas.", "fr", [("NAME", "Dupont")]),
        ("Frau Dr. Müller-Lüdenscheidt hat angerufen.", "de", [("NAME", "Müller-Lüdenscheidt")]),
        ("Г-жа Петрова е шефката.", "bg", [("NAME", "Петрова")]),
        ("Kovács úr a főnököm.", "hu", [("NAME", "Kovács")]),
        ("Soy Pilar, trabajo en Rewe.", "es", [("NAME", "Pilar")]),
        ("Hallo Rosa, wie geht's?", "de", [("NAME", "Rosa")]),
        ("Ich wohne in 12345 Berlin und arbeite in Köln.", "de", [("ADDRESS", "12345 Berlin")]),
        ("Adresse: D-80331 München", "de", [("ADDRESS", "D-80331 München")]),
        ("Wir wohnen Am Markt 3 in Kassel.", "de", [("ADDRESS", "Am Markt 3")]),
        ("Die Firma ist in der Hauptstr. 12a.", "de", [("ADDRESS", "Hauptstr. 12a")]),
        ("Vivo en c/ Mayor 5 en Madrid.", "es", [("ADDRESS", "c/ Mayor 5")]),
        ("Живея на ул. Раковски 12, София.", "bg", [("ADDRESS", "ул. Раковски 12")]),
        ("Steuernummer 123/456/78901", "de", [("ID_NUMBER", "123/456/78901")]),
        ("buletin seria SV nr 123456", "ro", [("ID_NUMBER", "SV nr 123456")]),
        ("Date of birth: March 3, 1980", "en", [("BIRTHDATE", "March 3, 1980")]),
        ("Születési dátum: 1980.03.03.", "hu", [("BIRTHDATE", "1980.03.03.")]),
        ("Datum rođenja 3. ožujka 1980.", "hr", [("BIRTHDATE", "3. ožujka 1980")]),
    ],
)
def test_cues_titles_signatures_and_conventions(text: str, language: str, expected: list[tuple[str, str]]):
    assert [(m.type, m.original) for m in scrub(text, language).found] == expected


@pytest.mark.parametrize(
    "text",
    [
        # dates of events, amounts, hours, ages, citations and durations are legal facts
        "Am Montag 3 Stunden gearbeitet, im Mai 2026 gekündigt, § 622 Abs. 2 BGB, Art. 7 GG, 1.500 EUR, 12,82 €/h.",
        "Am 52 de ani, lucrez la Amazon in Köln din 01.03.2024 si primesc 2.100 € brutto, 8 ore pe zi.",
        "Since 1 January 2026 the minimum wage is 13,90 €. I work 40 hours, 2024-2026, 0,5 % more.",
        "Am 3. März 2026 gekündigt, zum 31.03.2026, also 4 Wochen. Kündigungsfrist 4 Wochen zum 15. oder Monatsende.",
        "Born and raised in Romania, came here on 01.03.2020 and I was fired on 15.01.2026.",
        "Me despidieron el 3 de marzo de 2026, llevo 5 años. Nací en Valencia.",
        # first-name-list words that are months, cities, companies or ordinary words
        "Lucrez la Mercedes de 3 ani. Mercedes in Sindelfingen zahlt 18 €. Mai am o intrebare.",
        "Trabajo en Victoria desde marzo. Aurora Logistik paga 1.200 euros. Nada, que mi jefe no paga.",
        "Will my employer pay for Sunday work? Frank answers please. May I ask about Mindestlohn?",
        "I work at Jack Wolfskin in Idstein and my Manager said Holiday is only after 6 months.",
        "Otto hat mir gekündigt (ich arbeite bei Otto Versand). Ernst gemeint: der Arbeitgeber zahlt nicht.",
        "Ich arbeite in Sofia? Nein, in Nürnberg. Mi s-a aprins martorul de motor la Logan.",
        # German labour terms, institutions, companies, cities alone
        "Faire Mobilität sagt, Zoll kontrolliert. Jobcenter, Familienkasse, Bürgeramt, Arbeitsgericht Köln.",
        "Mein Chef Bescheid gegeben, Chef Urlaub beantragt. Am Wochenende 2 Schichten. Im Lager 3 Jahre.",
        "Flixbus, Ryanair, DHL, Lidl, Rewe: Krankmeldung, Lohnabrechnung, Arbeitsvertrag, Probezeit, Zeugnis, Minijob.",
        "Sunt din Suceava, lucrez la Nürnberg. Budapest–München között Flixbus vagy Volánbusz?",
        # a hotline is no personal data; neither is an expired passport year
        "Die Hotline der Familienkasse 0800 4 5555 30 hilft. Mein Reisepass ist seit 2019 abgelaufen.",
        "Thanks in advance!\nBest",
    ],
)
@pytest.mark.parametrize("language", ["de", "unknown"])
def test_legal_content_and_look_alikes_stay(text: str, language: str):
    assert scrub(text, language).found == []


# ---------------------------------------------------------------------------------------------
# the project's dev set: real-looking questions
# ---------------------------------------------------------------------------------------------
DEV_SET = [
    json.loads(line) for line in (REPO_ROOT / "evals/datasets/dev.jsonl").read_text(encoding="utf-8").splitlines()
]
# Dev posts in which a person would see a real name or other personal data, with the types allowed
# there. All 154 were read: none names a person or gives a number, an address or a date of birth
# (cities such as Suceava or Constanța, and the car "Logan" in ro-013, are not personal data).
DEV_IDS_WITH_PII: dict[str, set[str]] = {}
LEGAL_NUMBER = re.compile(
    r"§+\s?\d+[a-z]?|(?:€|EUR)\s?\d[\d.,]*|\d[\d.,]*(?:\s?(?:€|%|h\b)|\s(?:EUR|euro\w*|eur\w*|zł|лв|Ft|kn|lei|"
    r"Stunden|ore|godzin\w*|órá\w*|óra|sati|ώρες|heures|hours|horas|часа|zile|dni|Tage|days|Jahre|years|ani|lat|anni|"
    r"años|mesi|meses|Monate|months|ώρες|λεπτά|min)\b)",
    re.IGNORECASE,
)


def test_dev_set_is_there():
    assert len(DEV_SET) > 100 and all({"id", "lang", "question"} <= set(row) for row in DEV_SET)


@pytest.mark.parametrize("language", ["post", "unknown"])
@pytest.mark.parametrize("row", DEV_SET, ids=[row["id"] for row in DEV_SET])
def test_dev_set_keeps_legal_numbers_and_finds_no_false_personal_data(row: dict, language: str):
    question = row["question"]
    result = scrub(question, row["lang"] if language == "post" else "unknown")
    assert {m.type for m in result.found} <= DEV_IDS_WITH_PII.get(row["id"], set())
    for number in LEGAL_NUMBER.finditer(question):
        assert number.group(0) in result.text


# ---------------------------------------------------------------------------------------------
# edge cases and speed
# ---------------------------------------------------------------------------------------------
def test_empty_text():
    assert scrub("", "de").model_dump() == {"text": "", "found": []}


@pytest.mark.parametrize("language", ["ro", "unknown"])
def test_text_with_only_personal_data(language: str):
    result = scrub("Ana Popescu, 0176 12345678, ana.popescu@gmail.com", language)
    assert result.text == "[NAME_1], [PHONE_1], [EMAIL_1]"
    assert scrub("0176 12345678", language).text == "[PHONE_1]"


def test_any_other_language_code_is_treated_as_unknown():
    text = POSTS[2].text
    assert scrub(text, "xx") == scrub(text, "unknown")


def _best_time(text: str, language: str, runs: int = 5) -> float:
    scrub(text, language)  # the first call builds the name lists
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        scrub(text, language)
        best = min(best, time.perf_counter() - start)
    return best


def test_scrubbing_time_grows_linearly_with_the_post():
    """No pattern backtracks badly: six times the text takes about six times as long (12x
    allowed for a noisy machine), and never near a second. The figures themselves
    (about 5 ms for 1,000 characters, 35 ms for 6,000 here) are printed by ``make bench``."""
    text = (" ".join(post.text for post in POSTS) * 2)[:6000]
    assert len(text) == 6000
    short, long = _best_time(text[:1000], "unknown"), _best_time(text, "unknown", runs=3)
    assert long < 12 * short
    assert long < 0.5


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Sunati-ma la 0151 2345678 va rog", "ro"),  # a digit too few for a German mobile
        ("Tel: +49 151 2345678, dziekuje", "pl"),
        ("Πάρτε με τηλέφωνο (0151) 2345678", "el"),
        ("Chiamatemi allo 0049 1512 345 67", "it"),
    ],
)
def test_mistyped_phone_numbers_are_removed_too(text: str, language: str):
    result = scrub(text, language)
    assert [found.type for found in result.found] == ["PHONE"], result.text
    assert not re.search(r"\d{3}", result.text), result.text


@pytest.mark.parametrize(
    ("text", "language", "name", "kept"),
    [
        ("Me lene Giorgos Papadopoulos, o afentikos den mou plirwnei", "el", "Giorgos Papadopoulos", "afentikos"),
        ("Geia sas, eimai o Dimitris Konstantinou apo Thessaloniki", "el", "Dimitris Konstantinou", "Thessaloniki"),
        ("Zdraveite, pishe vi Todor Tsvetkov ot Sofia, shefa ne mi plashta", "bg", "Todor Tsvetkov", "Sofia"),
    ],
)
def test_bulgarian_and_greek_names_typed_in_latin_letters(text, language, name, kept):
    """Posts typed without a Cyrillic or Greek keyboard write names in Latin letters too."""
    result = scrub(text, language)
    assert name not in result.text and "[NAME_1]" in result.text
    assert kept in result.text
