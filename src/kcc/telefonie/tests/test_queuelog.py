"""The queue_log import on a hand-made log: meanings of the data fields, figures computed by hand,
garbage and truncated lines, re-import, overlapping and split files."""

from __future__ import annotations

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from kcc.rapportage.period import Period
from kcc.telefonie import queuelog
from kcc.telefonie.models import QueueCall, QueueDayCount

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")


def t(text: str) -> int:
    """Epoch seconds of a local (Amsterdam) time."""
    return int(datetime.fromisoformat(text).replace(tzinfo=AMS).timestamp())


def log(*lines: tuple) -> list[str]:
    return ["|".join(str(value) for value in line) + "\n" for line in lines]


# Tuesday 10 March 2026. Line "algemeen": c1 answered after 12 s, c2 after 45 s (one agent did not
# answer first), c3 hung up after 3 s (short), c4 after 60 s, c5 answered after exactly 30 s and
# transferred, c6 left by the queue timeout after 300 s. Line "belastingen": c7 entered at 23:59:50
# and answered after midnight (counts on the 10th), c9 pressed a key after 20 s, c8 entered on the 11th.
LOG = log(
    (t("2026-03-10 08:00:00"), "NONE", "NONE", "NONE", "QUEUESTART", ""),
    (t("2026-03-10 08:00:01"), "NONE", "algemeen", "SIP/201", "ADDMEMBER", ""),
    (t("2026-03-10 09:00:00"), "1773129600.1", "algemeen", "NONE", "ENTERQUEUE", "", "0612345678", "1"),
    (t("2026-03-10 09:00:12"), "1773129600.1", "algemeen", "SIP/201", "CONNECT", 12, "1773129612.2", 4),
    (t("2026-03-10 09:01:00"), "1773129660.3", "algemeen", "NONE", "ENTERQUEUE", "", "0201234567", "1"),
    (t("2026-03-10 09:01:20"), "1773129660.3", "algemeen", "SIP/202", "RINGNOANSWER", 15000),
    (t("2026-03-10 09:01:30"), "NONE", "algemeen", "SIP/202", "PAUSE", "", "lunch"),
    (t("2026-03-10 09:01:45"), "1773129660.3", "algemeen", "SIP/203", "CONNECT", 45, "1773129705.4", 3),
    (t("2026-03-10 09:02:00"), "1773129720.5", "algemeen", "NONE", "ENTERQUEUE", "", "anonymous", "2"),
    (t("2026-03-10 09:02:03"), "1773129720.5", "algemeen", "NONE", "ABANDON", 1, 2, 3),
    (t("2026-03-10 09:03:00"), "1773129780.6", "algemeen", "NONE", "ENTERQUEUE", "", "0612000000", "1"),
    (t("2026-03-10 09:03:12"), "1773129600.1", "algemeen", "SIP/201", "COMPLETECALLER", 12, 180, 1),
    (t("2026-03-10 09:03:25"), "1773129660.3", "algemeen", "SIP/203", "COMPLETEAGENT", 45, 100, 1),
    (t("2026-03-10 09:04:00"), "1773129780.6", "algemeen", "NONE", "ABANDON", 1, 1, 60),
    (t("2026-03-10 09:05:00"), "1773129900.7", "algemeen", "NONE", "ENTERQUEUE", "", "0612111111", "1"),
    (t("2026-03-10 09:05:30"), "1773129900.7", "algemeen", "SIP/201", "CONNECT", 30, "1773129930.8", 2),
    (t("2026-03-10 09:06:00"), "1773129960.9", "algemeen", "NONE", "ENTERQUEUE", "", "0612222222", "1"),
    (t("2026-03-10 09:06:30"), "1773129900.7", "algemeen", "SIP/201", "TRANSFER", "200", "from-internal", 30, 60, 1),
    (t("2026-03-10 09:06:40"), "1773129900.7", "algemeen", "NONE", "KCCNOTITIE", "door de medewerker"),
    (t("2026-03-10 09:11:00"), "1773129960.9", "algemeen", "NONE", "EXITWITHTIMEOUT", 1, 1, 300),
    (t("2026-03-10 10:00:00"), "1773133200.10", "belastingen", "NONE", "ENTERQUEUE", "", "0612333333", "1"),
    (t("2026-03-10 10:00:20"), "1773133200.10", "belastingen", "NONE", "EXITWITHKEY", 5, 1, 1, 20),
    (t("2026-03-10 23:59:50"), "1773183590.11", "belastingen", "NONE", "ENTERQUEUE", "", "0612444444", "1"),
    (t("2026-03-11 00:00:20"), "1773183590.11", "belastingen", "SIP/204", "CONNECT", 30, "1773183620.12", 5),
    (t("2026-03-11 00:00:25"), "1773183625.13", "belastingen", "NONE", "ENTERQUEUE", "", "0612555555", "1"),
    (t("2026-03-11 00:02:20"), "1773183590.11", "belastingen", "SIP/204", "COMPLETEAGENT", 30, 120, 1),
)
MARCH_10 = Period(date(2026, 3, 10), date(2026, 3, 10))
ALGEMEEN = {"lijn": "algemeen", "aangeboden": 6, "beantwoord": 3, "binnen_norm": 2, "verlaten": 2,
            "kort_verlaten": 1, "servicelevel": 40.0, "gemiddelde_wachttijd_s": 75.0,
            "langste_wachttijd_s": 300}  # fmt: skip
BELASTINGEN = {"lijn": "belastingen", "aangeboden": 2, "beantwoord": 1, "binnen_norm": 1, "verlaten": 0,
               "kort_verlaten": 0, "servicelevel": 50.0, "gemiddelde_wachttijd_s": 25.0,
               "langste_wachttijd_s": 30}  # fmt: skip


def figures(period: Period = MARCH_10, within: int = 30) -> list[dict]:
    return queuelog.queue_statistics(period.start, period.end, lambda line: within)


def forget_everything() -> None:
    QueueCall.objects.all().delete()
    QueueDayCount.objects.all().delete()


def stored() -> set[tuple]:
    return set(QueueCall.objects.values_list("callid", "queue", "entered_at", "entered_exact", "outcome", "wait_s"))


def day_counts() -> list[dict]:
    return list(QueueDayCount.objects.order_by("day", "queue").values(
        "day", "queue", "offered", "answered", "abandoned", "short_abandoned", "measured", "wait_sum", "wait_max",
        "answered_waits"))  # fmt: skip


def test_data_fields_mean_what_asterisk_documents():
    connect = queuelog.parse_line(1, "1773129612|c1|q|SIP/201|CONNECT|12|c1.2|4")
    assert queuelog.state_of(connect).wait_s == 12  # CONNECT data1 = holdtime
    abandon = queuelog.state_of(queuelog.parse_line(2, "1773129700|c2|q|NONE|ABANDON|3|5|47"))
    assert (abandon.outcome, abandon.wait_s) == ("verlaten", 47)  # ABANDON data3 = waittime
    assert abandon.entered_at == datetime.fromtimestamp(1773129700 - 47, ZoneInfo("UTC"))
    key = queuelog.state_of(queuelog.parse_line(3, "1773129700|c3|q|NONE|EXITWITHKEY|5|1|2|9"))
    assert (key.outcome, key.wait_s) == ("toets", 9)  # key|position|origposition|waittime
    complete = queuelog.state_of(queuelog.parse_line(4, "1773129900|c4|q|SIP/1|COMPLETECALLER|20|100|1"))
    assert (complete.outcome, complete.wait_s) == ("beantwoord", 20)  # holdtime|calltime|origposition
    assert complete.outcome_at == datetime.fromtimestamp(1773129800, ZoneInfo("UTC"))  # answered 100 s before
    # ATTENDEDTRANSFER's target takes one or two fields: holdtime and calltime are counted from the end
    for line in ("1773129900|c5|q|SIP/1|ATTENDEDTRANSFER|BRIDGE|b-1|7|80|1",
                 "1773129900|c5|q|SIP/1|ATTENDEDTRANSFER|LINK|SIP/2-1|SIP/3-2|7|80|1"):  # fmt: skip
        assert queuelog.state_of(queuelog.parse_line(5, line)).wait_s == 7


def test_the_table_figures_match_the_hand_computation():
    report = queuelog.import_lines(LOG)
    assert report.ok and report.new == 9
    assert report.skipped == {"ADDMEMBER": 1, "KCCNOTITIE": 1, "PAUSE": 1, "QUEUESTART": 1}
    assert figures() == [ALGEMEEN, BELASTINGEN]
    # the norm's seconds decide binnen_norm: with 12 s only c1 (12 s) and, on belastingen, nothing
    strict = figures(within=12)
    assert [row["binnen_norm"] for row in strict] == [1, 0]
    assert strict[0]["servicelevel"] == 20.0
    # 11 March: only c8, still waiting (no outcome yet): offered, no wait measured
    assert figures(Period(date(2026, 3, 11), date(2026, 3, 11))) == [
        {"lijn": "belastingen", "aangeboden": 1, "beantwoord": 0, "binnen_norm": 0, "verlaten": 0,
         "kort_verlaten": 0, "servicelevel": 0.0, "gemiddelde_wachttijd_s": None, "langste_wachttijd_s": None}
    ]  # fmt: skip
    assert figures(Period(date(2026, 3, 12), date(2026, 3, 31))) == []


def test_reimport_and_an_overlapping_file_change_nothing():
    queuelog.import_lines(LOG)
    before = stored()
    again = queuelog.import_lines(LOG)
    assert (again.new, again.changed, again.unchanged) == (0, 0, 9)
    overlapping = queuelog.import_lines(LOG[10:] + log(
        (t("2026-03-11 00:03:00"), "1773183625.13", "belastingen", "NONE", "ABANDON", 1, 1, 155)))  # fmt: skip
    assert (overlapping.new, overlapping.changed) == (0, 1)  # c8 completed, nothing else touched
    assert stored() - before == {("1773183625.13", "belastingen", datetime.fromtimestamp(t("2026-03-11 00:00:25"),
                                  ZoneInfo("UTC")), True, "verlaten", 155)}  # fmt: skip
    assert figures() == [ALGEMEEN, BELASTINGEN]


@pytest.mark.parametrize("cut", [4, 12, 17, 23])
@pytest.mark.parametrize("second_first", [False, True])
def test_a_call_split_over_two_files_is_completed(cut, second_first):
    queuelog.import_lines(LOG)
    whole, whole_days = stored(), day_counts()
    forget_everything()
    first, second = LOG[:cut], LOG[cut:]
    for part in (second, first) if second_first else (first, second):
        assert queuelog.import_lines(part).ok
    assert stored() == whole and day_counts() == whole_days
    assert figures() == [ALGEMEEN, BELASTINGEN]


def test_a_call_whose_entry_line_comes_later_moves_to_its_real_day():
    # Asterisk logs whole seconds: the wait (30 s) points to 00:00:00, the entry was at 23:59:59.
    abandon = log((t("2026-03-11 00:00:30"), "c-late", "algemeen", "NONE", "ABANDON", 1, 1, 30))
    enter = log((t("2026-03-10 23:59:59"), "c-late", "algemeen", "NONE", "ENTERQUEUE", "", "06", 1))
    queuelog.import_lines(abandon)
    march_11 = Period(date(2026, 3, 11), date(2026, 3, 11))
    assert [row["verlaten"] for row in figures(march_11)] == [1] and figures() == []
    assert queuelog.import_lines(enter).changed == 1
    assert figures(march_11) == [] and [row["verlaten"] for row in figures()] == [1]
    assert QueueDayCount.objects.get().day == date(2026, 3, 10)


def test_a_file_read_in_small_batches_gives_the_same_calls(monkeypatch):
    queuelog.import_lines(LOG)
    whole = stored()
    forget_everything()
    monkeypatch.setattr(queuelog, "BATCH_LINES", 2)
    queuelog.import_lines(LOG)
    assert stored() == whole


def test_garbage_and_truncated_lines_are_refused_with_number_and_reason_the_rest_imported():
    lines = [
        *LOG[:4],
        "hallo wereld\n",
        f"{t('2026-03-10 09:00:30')}|1773129630.1\n",
        "gisteren|1773129600.9|algemeen|NONE|ENTERQUEUE||06|1\n",
        f"{t('2026-03-10 09:00:40')}|1773129640.1|algemeen|SIP/201|CONNECT||x|1\n",
        f"{t('2026-03-10 09:00:40')}|1773129640.1|algemeen|SIP/201|ABANDON|1|1|vijf\n",
        f"{t('2026-03-10 09:00:40')}|NONE|algemeen|NONE|ABANDON|1|1|5\n",
        f"{t('2026-03-10 09:00:40')}|1773129640.2||NONE|ENTERQUEUE||06|1\n",
        f"{t('2026-03-10 09:00:40')}|1773129640.3|algemeen|NONE|enter queue\n",
        "\n",
        f"{t('2026-03-10 09:00:40')}|1773129640.4|algemeen|NONE|ENTER\x00QUEUE\n",
        *LOG[4:],
        f"{t('2026-03-11 00:05:00')}|1773183625.13|belastingen|NONE|ABAN",
    ]
    report = queuelog.import_lines(lines)
    assert [(line.number, line.reason) for line in report.refused] == [
        (5, "te weinig velden: verwacht tijdstip|callid|wachtrij|medewerker|gebeurtenis|..."),
        (6, "te weinig velden: verwacht tijdstip|callid|wachtrij|medewerker|gebeurtenis|..."),
        (7, "ongeldig tijdstip ‘gisteren’: verwacht seconden sinds 1970"),
        (8, "wachttijd (data1) van CONNECT ontbreekt (regel afgebroken?)"),
        (9, "wachttijd (data3) van ABANDON is geen geheel getal: ‘vijf’"),
        (10, "ongeldig callid ‘NONE’ bij ABANDON"),
        (11, "ongeldige wachtrij ‘’ bij ENTERQUEUE"),
        (12, "ongeldige gebeurtenis ‘enter queue’"),
        (14, "bevat NUL-tekens (beschadigd bestand)"),
        (len(lines), "regel afgebroken (geen regeleinde en geen bekende gebeurtenis)"),
    ]
    assert not report.ok and "regel 5: te weinig velden" in str(report.refused[0])
    assert figures() == [ALGEMEEN, BELASTINGEN]  # nothing of the refused lines counted, the rest imported


def test_a_last_line_without_line_ending_is_kept_when_it_is_whole():
    report = queuelog.import_lines(io.StringIO("".join(LOG).rstrip("\n")))
    assert report.ok and figures() == [ALGEMEEN, BELASTINGEN]


def test_cli_imports_a_file_and_a_gz_and_exits_non_zero_when_a_line_was_refused(tmp_path):
    import gzip

    from django.core.management import CommandError, call_command

    path = tmp_path / "queue_log"
    path.write_text("".join(LOG[:12]) + "kapot|regel\n" + "".join(LOG[12:]), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="1 regel\\(s\\) geweigerd; de andere regels zijn wel ingelezen"):
        call_command("telefonie", "queuelog", "import", str(path), stdout=out, stderr=err)
    assert "regel 13: te weinig velden" in err.getvalue()
    assert "27 regels gelezen, 22 over gesprekken: 9 gesprek(ken) nieuw" in out.getvalue()
    assert figures() == [ALGEMEEN, BELASTINGEN]
    packed = tmp_path / "queue_log.1.gz"
    packed.write_bytes(gzip.compress("".join(LOG).encode()))
    out = io.StringIO()
    call_command("telefonie", "queuelog", "import", str(packed), stdout=out)
    assert "0 gesprek(ken) nieuw, 0 aangevuld, 9 al bekend" in out.getvalue()
    assert "0 regel(s) geweigerd" in out.getvalue()
    with pytest.raises(CommandError, match="niet gevonden"):
        call_command("telefonie", "queuelog", "import", str(tmp_path / "bestaat-niet"))
    broken = tmp_path / "kapot.gz"
    broken.write_bytes(b"\x1f\x8b\x08\x00 rommel")
    with pytest.raises(CommandError, match="is niet te lezen"):
        call_command("telefonie", "queuelog", "import", str(broken))
    assert figures() == [ALGEMEEN, BELASTINGEN]
