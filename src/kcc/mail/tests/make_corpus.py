# ruff: noqa: E501, RUF059
"""Writes the test corpus (tests/corpus/*.eml): messages shaped like what real clients send.

Run ``python src/kcc/mail/tests/make_corpus.py`` to regenerate; the .eml files are committed and
the tests read those. Each file name says what it exercises; ``expected.json`` says, per file,
what the parser must find (sender, automatic or not, attachments, a phrase of the text).
"""

from __future__ import annotations

import base64
import json
import quopri
import struct
from pathlib import Path

HERE = Path(__file__).parent / "corpus"
EXPECTED: dict[str, dict] = {}

NAMES = [
    ("Anna de Vries", "anna.devries@example.nl", "mevrouw"),
    ("Piet Jansen", "p.jansen@example.com", "de heer"),
    ("Fatima el Amrani", "fatima.elamrani@example.org", "mevrouw"),
    ("Jan-Willem van den Berg", "jw.vandenberg@example.net", "de heer"),
    ("Sanne Bakker", "sanne.bakker@example.nl", "mevrouw"),
    ("Mehmet Yilmaz", "m.yilmaz@example.nl", "de heer"),
]
QUESTIONS = [
    (
        "Vraag over mijn paspoort",
        "Mijn paspoort verloopt volgende maand. Hoe lang duurt het aanvragen van een nieuw paspoort? Moet ik een afspraak maken?",
        "paspoort",
    ),
    (
        "Hondenbelasting",
        "Ik heb mijn hond laten inslapen. Kan ik de hondenbelasting stopzetten? En krijg ik geld terug?",
        "hondenbelasting",
    ),
    ("Grofvuil ophalen", "Wanneer kan ik grofvuil laten ophalen? Wat kost dat?", "grofvuil"),
    (
        "Parkeervergunning",
        "Ik ben verhuisd naar de Dorpsstraat. Hoe vraag ik een parkeervergunning aan?",
        "parkeervergunning",
    ),
    (
        "Kapotte lantaarnpaal",
        "De lantaarnpaal voor Kerkstraat 12 doet het al twee weken niet. Wanneer wordt die gerepareerd?",
        "lantaarnpaal",
    ),
    ("WOZ-waarde", "Ik vind de WOZ-waarde van mijn huis te hoog. Hoe kan ik bezwaar maken?", "WOZ-waarde"),
    (
        "Klacht over behandeling",
        "Ik heb al drie keer gebeld en nooit antwoord gekregen. Dit is de zoveelste keer. Ik wil een klacht indienen over de afdeling.",
        "klacht",
    ),
    (
        "Verhuizing doorgeven",
        "Graag wil ik mijn verhuizing doorgeven. Vanaf 1 maart woon ik op Molenweg 3. Kunt u dat verwerken?",
        "verhuizing",
    ),
]
EXPECTED_BY_KIND: dict[str, str] = {}


def crlf(text: str) -> bytes:
    return text.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8")


def headers(i: int, name: str, email: str, subject: str, extra: str = "", *, content_type: str = "") -> str:
    return (
        f"Return-Path: <{email}>\n"
        f"Received: from mail.example.nl (mail.example.nl [192.0.2.{i % 250}]) by mx.demodam.nl; Mon, 2 Mar 2026 10:{i % 60:02d}:00 +0100\n"
        f"From: {name} <{email}>\n"
        f"To: KCC Gemeente Demodam <kcc@demodam.nl>\n"
        f"Subject: {subject}\n"
        f"Date: Mon, 2 Mar 2026 10:{i % 60:02d}:00 +0100\n"
        f"Message-ID: <corpus-{i:03d}@{email.split('@')[1]}>\n"
        f"MIME-Version: 1.0\n{extra}{content_type}"
    )


def write(name: str, raw: bytes, **expected) -> None:
    (HERE / name).write_bytes(raw)
    EXPECTED[name] = expected


def signature(name: str, form: str) -> str:
    return f"\n\nMet vriendelijke groet,\n\n{form.capitalize()} {name}\n"


def outlook_html(i: int) -> None:
    name, email, form = NAMES[i % len(NAMES)]
    subject, body, word = QUESTIONS[i % len(QUESTIONS)]
    html = (
        '<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta http-equiv="Content-Type" '
        'content="text/html; charset=windows-1252"><style><!-- p.MsoNormal {margin:0cm;} --></style></head>'
        f'<body lang="NL"><div class="WordSection1"><p class="MsoNormal">Geachte heer/mevrouw,<o:p></o:p></p>'
        f'<p class="MsoNormal">{body} Caf\xe9 \u201cquotes\u201d \u20ac 5,-<o:p></o:p></p>'
        f'<p class="MsoNormal">Met vriendelijke groet,<br>{name}<o:p></o:p></p><script>alert(1)</script></div></body></html>'
    )
    encoded = quopri.encodestring(html.encode("cp1252")).decode("ascii")
    plain = quopri.encodestring(
        f"Geachte heer/mevrouw,\n\n{body} Caf\xe9\n\nMet vriendelijke groet,\n{name}".encode("cp1252")
    ).decode("ascii")
    raw = headers(
        i,
        name,
        email,
        subject,
        "X-Mailer: Microsoft Outlook 16.0\nThread-Index: AdZx1234==\n",
        content_type='Content-Type: multipart/alternative; boundary="_000_outlook_"\n',
    ) + (
        '\n--_000_outlook_\nContent-Type: text/plain; charset="iso-8859-1"\nContent-Transfer-Encoding: quoted-printable\n\n'
        f'{plain}\n--_000_outlook_\nContent-Type: text/html; charset="windows-1252"\nContent-Transfer-Encoding: quoted-printable\n\n'
        f"{encoded}\n--_000_outlook_--\n"
    )
    write(f"{i:03d}-outlook-html-qp.eml", crlf(raw), sender=email, automatic=False, text=word, attachments=0)


def gmail_html(i: int) -> None:
    name, email, form = NAMES[i % len(NAMES)]
    subject, body, word = QUESTIONS[i % len(QUESTIONS)]
    html = f'<div dir="ltr">Goedemiddag,<div><br></div><div>{body}</div><div><br></div><div>Groet,</div><div>{name}</div></div>'
    plain = f"Goedemiddag,\n\n{body}\n\nGroet,\n{name}"
    b64 = lambda s: base64.encodebytes(s.encode("utf-8")).decode("ascii")  # noqa: E731
    raw = headers(
        i,
        name,
        email.replace("example", "gmail"),
        subject,
        "",
        content_type='Content-Type: multipart/alternative; boundary="000000000000abcdef"\n',
    ) + (
        '\n--000000000000abcdef\nContent-Type: text/plain; charset="UTF-8"\nContent-Transfer-Encoding: base64\n\n'
        f'{b64(plain)}\n--000000000000abcdef\nContent-Type: text/html; charset="UTF-8"\nContent-Transfer-Encoding: base64\n\n'
        f"{b64(html)}\n--000000000000abcdef--\n"
    )
    write(
        f"{i:03d}-gmail-base64.eml",
        crlf(raw),
        sender=email.replace("example", "gmail"),
        automatic=False,
        text=word,
        attachments=0,
    )


def apple_html_only(i: int) -> None:
    name, email, form = NAMES[i % len(NAMES)]
    subject, body, word = QUESTIONS[i % len(QUESTIONS)]
    html = (
        '<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head>'
        f'<body style="word-wrap: break-word;"><div>Beste medewerker,</div><div><br></div><div>{body} – één ‘test’</div>'
        f'<div><br><div><img src="cid:ABC@apple" alt="logo"></div>Vriendelijke groet,<br>{name}</div>'
        '<a href="javascript:alert(1)" onclick="steal()">klik</a></body></html>'
    )
    raw = headers(
        i,
        name,
        email.replace("example", "icloud"),
        subject,
        "X-Mailer: Apple Mail (2.3731.700.6)\n",
        content_type="Content-Type: text/html;\n\tcharset=utf-8\nContent-Transfer-Encoding: quoted-printable\n",
    ) + ("\n" + quopri.encodestring(html.encode("utf-8")).decode("ascii") + "\n")
    write(
        f"{i:03d}-applemail-html-only.eml",
        crlf(raw),
        sender=email.replace("example", "icloud"),
        automatic=False,
        text=word,
        attachments=0,
    )


def charset_mail(i: int, charset: str, label: str) -> None:
    name, email, form = NAMES[i % len(NAMES)]
    subject, body, word = QUESTIONS[i % len(QUESTIONS)]
    text = f"Geachte heer, mevrouw,\n\n{body} Ré: coöperatie, Ærø, façade.{signature(name, form)}"
    payload = text.encode(charset, errors="replace")
    raw = headers(
        i,
        name,
        email,
        f"=?{charset}?Q?{quopri.encodestring(subject.encode(charset), header=True).decode()}?=",
        "",
        content_type=f'Content-Type: text/plain; charset="{label}"\nContent-Transfer-Encoding: 8bit\n',
    ).encode("ascii")
    write(
        f"{i:03d}-charset-{label.lower()}.eml",
        raw.replace(b"\n", b"\r\n") + b"\r\n" + payload.replace(b"\n", b"\r\n"),
        sender=email,
        automatic=False,
        text=word,
        attachments=0,
    )


def attachment_mail(i: int, filename: str, mimetype: str, content: bytes, label: str, *, refused: bool = False) -> None:
    name, email, form = NAMES[i % len(NAMES)]
    subject, body, word = QUESTIONS[i % len(QUESTIONS)]
    raw = headers(
        i, name, email, subject, "", content_type='Content-Type: multipart/mixed; boundary="mixed-boundary"\n'
    ) + (
        f"\n--mixed-boundary\nContent-Type: text/plain; charset=utf-8\n\n{body}{signature(name, form)}"
        f'\n--mixed-boundary\nContent-Type: {mimetype}; name="{filename}"\nContent-Disposition: attachment; filename="{filename}"\n'
        f"Content-Transfer-Encoding: base64\n\n{base64.encodebytes(content).decode('ascii')}\n--mixed-boundary--\n"
    )
    write(
        f"{i:03d}-attachment-{label}.eml",
        crlf(raw),
        sender=email,
        automatic=False,
        text=word,
        attachments=1,
        attachment=filename,
        refused=refused,
    )


def tnef_blob() -> bytes:
    """A minimal TNEF stream (signature, key, one attribute) as Outlook's winmail.dat starts."""
    signature_ = struct.pack("<I", 0x223E9F78) + struct.pack("<H", 0x0001)
    attribute = (
        b"\x01" + struct.pack("<I", 0x00089006) + struct.pack("<I", 4) + b"\x00\x00\x01\x00" + struct.pack("<H", 1)
    )
    return signature_ + attribute + b"\x00" * 64


def auto_reply(i: int, kind: str) -> None:
    name, email, form = NAMES[i % len(NAMES)]
    extra = {
        "auto-submitted": "Auto-Submitted: auto-replied\n",
        "x-autoreply": "X-Autoreply: yes\n",
        "precedence": "Precedence: bulk\n",
        "outlook-oof": "X-Auto-Response-Suppress: All\nAuto-Submitted: auto-generated\n",
    }[kind]
    raw = headers(
        i, name, email, "Automatisch antwoord: Afwezig", extra, content_type="Content-Type: text/plain; charset=utf-8\n"
    ) + (f"\nIk ben afwezig tot en met 9 maart en lees mijn e-mail niet.{signature(name, form)}")
    write(f"{i:03d}-autoreply-{kind}.eml", crlf(raw), sender=email, automatic=True, text="afwezig", attachments=0)


def bounce(i: int) -> None:
    raw = (
        "Return-Path: <>\nFrom: Mail Delivery System <MAILER-DAEMON@mx.example.nl>\nTo: kcc@demodam.nl\n"
        f"Subject: Undelivered Mail Returned to Sender\nDate: Mon, 2 Mar 2026 11:00:00 +0100\nMessage-ID: <bounce-{i:03d}@mx.example.nl>\n"
        "Auto-Submitted: auto-replied\nMIME-Version: 1.0\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="dsn-boundary"\n\n'
        "--dsn-boundary\nContent-Description: Notification\nContent-Type: text/plain; charset=us-ascii\n\n"
        "This is the mail system at host mx.example.nl. Your message could not be delivered.\n"
        "<onbekend@example.nl>: host said: 550 5.1.1 User unknown\n\n"
        "--dsn-boundary\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.nl\n\n"
        "Final-Recipient: rfc822; onbekend@example.nl\nAction: failed\nStatus: 5.1.1\n\n"
        "--dsn-boundary\nContent-Type: text/rfc822-headers\n\n"
        "From: KCC <kcc@demodam.nl>\nTo: onbekend@example.nl\nSubject: [KCC E-2026-000001] Ontvangstbevestiging\n"
        f"Message-ID: <E-2026-000001.bevestiging.bounce{i}@demodam.nl>\n\n--dsn-boundary--\n"
    )
    write(
        f"{i:03d}-bounce-dsn.eml",
        crlf(raw),
        sender="mailer-daemon@mx.example.nl",
        automatic=True,
        text="could not be delivered",
        attachments=0,
        related=f"<E-2026-000001.bevestiging.bounce{i}@demodam.nl>",
    )


def mailing_list(i: int) -> None:
    raw = (
        headers(
            i,
            "Nieuwsbrief VNG",
            "nieuws@vng.example.nl",
            "Nieuwsbrief maart",
            "List-Id: Nieuwsbrief <nieuws.vng.example.nl>\nList-Unsubscribe: <mailto:unsub@vng.example.nl>\n",
            content_type="Content-Type: text/plain; charset=utf-8\n",
        )
        + "\nHet laatste nieuws voor gemeenten.\n"
    )
    write(
        f"{i:03d}-mailinglist.eml",
        crlf(raw),
        sender="nieuws@vng.example.nl",
        automatic=True,
        text="laatste nieuws",
        attachments=0,
    )


def reply_quoted(i: int) -> None:
    name, email, form = NAMES[i % len(NAMES)]
    raw = headers(
        i,
        name,
        email,
        "RE: [KCC E-2026-000001] Vraag over mijn paspoort",
        "In-Reply-To: <E-2026-000001.antwoord.abc@demodam.nl>\nReferences: <corpus-000@example.nl> <E-2026-000001.antwoord.abc@demodam.nl>\n",
        content_type="Content-Type: text/plain; charset=utf-8\n",
    ) + (
        f"\nDank u wel. Kan ik ook op zaterdag langskomen?{signature(name, form)}\n"
        "Op 2 mrt. 2026 om 10:00 schreef KCC Gemeente Demodam <kcc@demodam.nl>:\n> Geachte heer,\n> Uw paspoort ligt klaar.\n"
    )
    write(f"{i:03d}-reply-quoted.eml", crlf(raw), sender=email, automatic=False, text="zaterdag", attachments=0)


def broken(i: int, label: str, raw: bytes, *, parseable: bool, text: str = "") -> None:
    write(f"{i:03d}-broken-{label}.eml", raw, parseable=parseable, text=text)


def main() -> None:
    HERE.mkdir(exist_ok=True)
    for old in HERE.glob("*.eml"):
        old.unlink()
    i = 0
    for _ in range(6):
        outlook_html(i)
        i += 1
    for _ in range(6):
        gmail_html(i)
        i += 1
    for _ in range(4):
        apple_html_only(i)
        i += 1
    for charset, label in [
        ("iso-8859-1", "ISO-8859-1"),
        ("cp1252", "windows-1252"),
        ("iso-8859-15", "ISO-8859-15"),
        ("utf-8", "UTF-8"),
        ("cp850", "IBM850"),
        ("mac_roman", "macintosh"),
        ("cp1252", "x-unknown-charset"),
        ("iso-8859-2", "ISO-8859-2"),
    ]:
        charset_mail(i, charset, label)
        i += 1
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    png = base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
    )
    attachment_mail(i, "winmail.dat", "application/ms-tnef", tnef_blob(), "winmail-tnef")
    i += 1
    attachment_mail(i, "aanvraag.pdf", "application/pdf", pdf, "pdf")
    i += 1
    attachment_mail(i, "foto lantaarnpaal.png", "image/png", png, "png")
    i += 1
    attachment_mail(i, "factuur.exe", "application/octet-stream", b"MZ\x90\x00" * 8, "exe", refused=True)
    i += 1
    attachment_mail(
        i,
        "Bezwaar WOZ.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        b"PK\x03\x04" * 16,
        "docx",
    )
    i += 1
    attachment_mail(i, "winmail.dat", "application/ms-tnef", tnef_blob() * 3, "winmail-tnef-2")
    i += 1
    for kind in ["auto-submitted", "x-autoreply", "precedence", "outlook-oof", "auto-submitted", "x-autoreply"]:
        auto_reply(i, kind)
        i += 1
    for _ in range(3):
        bounce(i)
        i += 1
    for _ in range(3):
        mailing_list(i)
        i += 1
    for _ in range(4):
        reply_quoted(i)
        i += 1
    # Broken or hostile shapes: some still readable, some quarantined.
    broken(
        i,
        "no-message-id",
        crlf("From: Kees <kees@example.nl>\nSubject: zonder id\n\nHeeft u een formulier?\n"),
        parseable=True,
        text="formulier",
    )
    i += 1
    broken(i, "no-from", crlf("Subject: zonder afzender\nMessage-ID: <nofrom@x>\n\nhallo\n"), parseable=False)
    i += 1
    broken(i, "binary-junk", bytes(range(256)) * 4, parseable=False)
    i += 1
    broken(
        i,
        "bad-boundary",
        crlf(
            'From: a@example.nl\nSubject: kapot\nContent-Type: multipart/mixed; boundary="nooit"\n\nGeen enkele grens hier, wel tekst.\n'
        ),
        parseable=True,
    )
    i += 1
    broken(
        i,
        "bad-base64",
        crlf(
            "From: b@example.nl\nSubject: b64\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n!!!niet==base64***\n"
        ),
        parseable=True,
    )
    i += 1
    broken(
        i,
        "encoded-word-garbage",
        crlf("From: =?utf-8?B?////?= <c@example.nl>\nSubject: =?x-nope?Q?=FF=FE?=\n\ntekst\n"),
        parseable=True,
        text="tekst",
    )
    i += 1
    broken(i, "header-only", crlf("From: d@example.nl\nSubject: alleen kop\n"), parseable=True)
    i += 1
    broken(i, "nul-bytes", b"From: e@example.nl\r\nSubject: nul\x00byte\r\n\r\nte\x00kst\r\n", parseable=True)
    i += 1
    broken(
        i,
        "deep-nesting",
        crlf(
            "From: f@example.nl\nSubject: diep\n"
            + "".join(f'Content-Type: multipart/mixed; boundary="b{n}"\n\n--b{n}\n' for n in range(40))
            + "Content-Type: text/plain\n\ndiep\n"
        ),
        parseable=False,  # deeper than KCC_MAIL_MAX_MIME_DEPTH (20): quarantined
    )
    i += 1
    (HERE / "expected.json").write_text(json.dumps(EXPECTED, indent=1, sort_keys=True), encoding="utf-8")
    print(f"{i} messages written to {HERE}")


if __name__ == "__main__":
    main()
