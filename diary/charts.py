"""Plotly figures from plain data (no Flask), each with a one-sentence summary and its numbers as a table.

Figures are plain Plotly figure dicts ({"data": [...], "layout": {...}}): cheap to build on every request, and
rendered alike by plotly.js in the browser and by kaleido for the PDF report. Colours are the Okabe-Ito palette,
which stays distinguishable with the common colour-vision deficiencies; the page's script sets fonts and grid
colours for the light or dark theme.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from markupsafe import escape

from .counting import OVERUSE_DAYS_SIMPLE, OVERUSE_DAYS_SPECIFIC, AttackRow, DayCounts, DoseRow, MonthFigures
from .vocabulary import LAG_WORDS

ORANGE, SKY, GREEN, YELLOW, BLUE, VERMILLION, PURPLE, GREY = (
    "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999")
# Black on a light page; charts.js draws it white on a dark one. For a line over blue bars, which no hue of the
# palette stands out from in both themes.
INK = "#000000"
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Worst intensity 0-10 from pale to dark: the "cividis"-like scale reads the same in colour-blind vision.
INTENSITY_SCALE = [[0.0, "#e8eef7"], [0.3, "#9fb4d8"], [0.6, "#6a5fa8"], [0.8, "#a63e5c"], [1.0, "#5c0a1e"]]
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MIN_ATTACKS_FOR_TIMING = 5
MIN_DAYS_FOR_FACTORS = 14
MIN_RATED_DOSES = 3


@dataclass
class Chart:
    key: str
    title: str
    summary: str
    figure: dict | None = None  # None: too little data to draw it honestly; the summary says so
    columns: list[str] = field(default_factory=list)
    rows: list[list] = field(default_factory=list)

    def figure_json(self) -> str:
        """The figure as JSON safe inside <script type="application/json">: compact and unsorted, which is
        several times quicker than the template's sorted `tojson` for a year of days."""
        text = json.dumps(self.figure, separators=(",", ":"), ensure_ascii=False)
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")

    def table_html(self) -> str:
        """The numbers behind the chart as an HTML table body, escaped. Built here rather than cell by cell in
        the template, which took a third of the dashboard's time for a year of rows; most rows are our own
        dates and numbers, so a row is escaped only when it holds a character that needs it."""
        html = []
        for row in self.rows:
            cells = ["" if value is None else str(value) for value in row]
            if needs_escape("".join(cells)):
                cells = [escape(cell) for cell in cells]
            html.append("<tr><td>" + "</td><td>".join(cells) + "</td></tr>")
        return "".join(html)


def _layout(**extra) -> dict:
    layout = {"margin": {"l": 48, "r": 16, "t": 16, "b": 40}, "height": 320, "bargap": 0.2,
              "paper_bgcolor": "rgba(0,0,0,0)", "plot_bgcolor": "rgba(0,0,0,0)",
              "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"}, "hovermode": "closest"}
    layout.update(extra)
    return layout


needs_escape = re.compile(r"[<>&\"']").search


def plotly_text(text: str) -> str:
    """A person's own words (a drug, a treatment, a food) as figure text. Plotly reads text as its own little HTML:
    a drug named "<b>x</b>" was drawn bold and an <a href> became a link, so "<" and "&" go in as entities."""
    return text.replace("&", "&amp;").replace("<", "&lt;")


def day_label(day: date) -> str:
    """'Tue 03 Mar 2026': strftime is slow enough to matter for a year of days on every dashboard request."""
    return f"{WEEKDAYS[day.weekday()]} {day.day:02d} {MONTHS[day.month - 1]} {day.year}"


def _plural(n: float, word: str) -> str:
    return f"{n:g} {word}{'' if n == 1 else 's'}"


def monthly_days_chart(months: list[MonthFigures]) -> Chart:
    """1. Migraine and headache days per month (bars), acute medication days (line), overuse thresholds."""
    labels = [m.month.isoformat() for m in months]  # a date axis, so that Plotly thins the ticks on a phone
    pattern = {"shape": ["/" if not m.complete else "" for m in months]}
    complete = [m for m in months if m.complete]
    figure = {"data": [
        {"type": "bar", "name": "Migraine days", "x": labels, "y": [m.migraine_days for m in months],
         "marker": {"color": VERMILLION, "pattern": pattern}, "xperiod": "M1", "xperiodalignment": "middle"},
        {"type": "bar", "name": "Headache days (any kind)", "x": labels, "y": [m.headache_days for m in months],
         "marker": {"color": SKY, "pattern": pattern}, "xperiod": "M1", "xperiodalignment": "middle"},
        {"type": "scatter", "mode": "lines+markers", "name": "Acute medication days", "x": labels,
         "y": [m.acute_medication_days for m in months], "line": {"color": INK, "width": 2.5},
         "marker": {"color": INK},
         "xperiod": "M1", "xperiodalignment": "middle"},
    ], "layout": _layout(
        barmode="group", yaxis={"title": {"text": "days"}, "rangemode": "tozero"},
        xaxis={"type": "date", "tickformat": "%b %Y", "dtick": "M1" if len(months) <= 6 else None},
        shapes=[{"type": "line", "xref": "paper", "x0": 0, "x1": 1, "y0": y, "y1": y,
                 "line": {"color": color, "dash": "dash", "width": 1.5}}
                for y, color in ((OVERUSE_DAYS_SPECIFIC, ORANGE), (OVERUSE_DAYS_SIMPLE, PURPLE))],
        annotations=[{"xref": "paper", "x": 1, "y": y, "xanchor": "right", "yanchor": "bottom", "showarrow": False,
                      "text": text, "font": {"size": 11}}
                     for y, text in ((OVERUSE_DAYS_SPECIFIC, "10: overuse level for triptans and most drugs"),
                                     (OVERUSE_DAYS_SIMPLE, "15: overuse level for simple painkillers"))])}
    incomplete = len(months) - len(complete)
    if complete:
        average = sum(m.migraine_days for m in complete) / len(complete)
        summary = (f"In the {_plural(len(complete), 'complete month')} you had {average:.1f} migraine days a month "
                   f"on average, and at most {max(m.migraine_days for m in complete)}.")
    else:
        summary = "No month of this period has 20 or more days in the diary yet, so monthly counts would be too low."
    if incomplete:
        summary += f" {_plural(incomplete, 'month')} with fewer than 20 logged days {'is' if incomplete == 1 else 'are'}" \
                   " hatched: their counts are probably too low."
    rows = [[m.month.strftime("%B %Y"), m.migraine_days, m.headache_days, m.acute_medication_days,
             m.covered_days, "yes" if m.complete else "no"] for m in months]
    return Chart("monthly", "Migraine, headache and medication days per month", summary, figure,
                 ["Month", "Migraine days", "Headache days", "Acute medication days", "Days logged", "Complete"],
                 rows)


def calendar_chart(counts: DayCounts, menstruation: set[date], first: date, last: date) -> Chart:
    """2. One cell per day, coloured by the day's worst intensity; menstruation days marked."""
    start = first - timedelta(days=first.weekday())
    weeks = (last - start).days // 7 + 1
    z = [[None] * weeks for _ in range(7)]
    text = [[""] * weeks for _ in range(7)]
    rows = []
    headache, covered, worst_of = counts.headache, counts.covered, counts.worst_intensity
    day, one_day, offset = first, timedelta(days=1), first.weekday()
    for i in range((last - first).days + 1):
        week, weekday = divmod(i + offset, 7)  # the grid starts on the Monday of the first week
        if day in headache:
            worst = worst_of.get(day)
            value, state = worst or 0, f"attack, worst intensity {'not recorded' if worst is None else worst}"
        elif day in covered:
            value, state = 0, "no attack"
        else:
            value, state = None, "not logged"
        # The hover text is only the state; the browser puts each cell's date in front (static/js/charts.js),
        # which spares a year of date labels in every page.
        z[weekday][week], text[weekday][week] = value, state
        if day in headache or day in menstruation:  # the marked cells; the rest are calm or not logged
            rows.append([day_label(day), state, "yes" if day in menstruation else ""])
        day += one_day
    x = [(start + timedelta(weeks=w)).isoformat() for w in range(weeks)]
    # The weeks and not a margin more: Plotly would pad the range by a twentieth for the period's circles.
    edge = datetime.combine(start, datetime.min.time()) - timedelta(days=3.5)
    week_range = [edge.isoformat(sep=" "), (edge + timedelta(weeks=weeks)).isoformat(sep=" ")]
    periods = sorted(d for d in menstruation if first <= d <= last)
    figure = {"data": [
        {"type": "heatmap", "x": x, "y": list(WEEKDAYS), "z": z, "text": text, "hoverinfo": "text",
         "meta": {"first_monday": start.isoformat()},
         "zmin": 0, "zmax": 10, "colorscale": INTENSITY_SCALE, "xgap": 2, "ygap": 2,
         "colorbar": {"title": {"text": "worst"}, "thickness": 10}},
        {"type": "scatter", "mode": "markers", "name": "Period", "hoverinfo": "skip",
         "x": [(d - timedelta(days=d.weekday())).isoformat() for d in periods],
         "y": [WEEKDAYS[d.weekday()] for d in periods],
         "marker": {"symbol": "circle-open", "size": 7, "color": PURPLE, "line": {"width": 2}}},
    ], "layout": _layout(height=260, yaxis={"autorange": "reversed", "fixedrange": True},
                         xaxis={"type": "date", "range": week_range, "tickformat": "%b %Y", "showgrid": False},
                         meta={"weeks_as_rows": True})}  # on a phone, charts.js turns the grid: one row a week
    attack_days = sum(1 for d in counts.headache if first <= d <= last)
    covered = sum(1 for d in counts.covered if first <= d <= last)
    days = (last - first).days + 1
    summary = (f"Of {days} days, {covered} are in your diary, and {attack_days} of those had a headache; "
               "a circle marks a day of your period. The numbers list the marked days.")
    return Chart("calendar", "Calendar", summary, figure, ["Day", "Headache", "Period"], rows)


def attacks_over_time_chart(attacks: list[AttackRow], courses: list[tuple[str, date, date | None]],
                            zone: str, now: datetime, first: date, last: date) -> Chart:
    """3. Each attack's intensity (height) and duration (size) over time, preventive courses as shaded bands."""
    tz = ZoneInfo(zone)
    rated = [a for a in attacks if a.peak_intensity is not None]
    hours = [((a.ended_at or now) - a.started_at).total_seconds() / 3600 for a in rated]
    pad = max(1, ((last - first).days + 1) // 40)
    figure = {"data": [{
        "type": "scatter", "mode": "markers", "name": "Attack",
        "x": [a.started_at.astimezone(tz).isoformat() for a in rated], "y": [a.peak_intensity for a in rated],
        "text": [f"{a.kind}, {h:.1f} h" + ("" if a.ended_at else " so far") for a, h in zip(rated, hours)],
        "marker": {"size": [min(8 + h, 40) for h in hours], "color": [VERMILLION if a.kind == "migraine" else SKY
                                                                       for a in rated],
                   "opacity": 0.8, "line": {"width": 1, "color": "#333"}},
    }], "layout": _layout(
        yaxis={"title": {"text": "worst intensity"}, "range": [-0.5, 10.5]},
        # A little room at both ends, so that the dots of the first and last days are not cut in half.
        xaxis={"type": "date", "range": [(first - timedelta(days=pad)).isoformat(),
                                         (last + timedelta(days=1 + pad)).isoformat()]},
        shapes=[{"type": "rect", "xref": "x", "yref": "paper", "y0": 0, "y1": 1, "layer": "below",
                 "x0": max(start, first).isoformat(), "x1": min(stop or last, last).isoformat(),
                 "fillcolor": GREEN, "opacity": 0.15, "line": {"width": 0}}
                for _, start, stop in courses if start <= last and (stop is None or stop >= first)],
        annotations=[{"xref": "x", "yref": "paper", "x": max(start, first).isoformat(), "y": 1, "yanchor": "top",
                      "xanchor": "left", "showarrow": False, "text": plotly_text(name), "font": {"size": 11}}
                     for name, start, stop in courses if start <= last and (stop is None or stop >= first)])}
    if rated:
        mean = sum(a.peak_intensity for a in rated) / len(rated)
        summary = (f"{_plural(len(rated), 'attack')} with a recorded intensity, {mean:.1f} out of 10 on average; "
                   "bigger dots lasted longer; orange-red dots are migraines, blue ones other headaches; green "
                   "bands are preventive treatments.")
    else:
        summary = "No attack with a recorded intensity in this period."
        figure = None
    rows = [[f"{day_label(local)} {local.hour:02d}:{local.minute:02d}", a.kind, a.peak_intensity, f"{h:.1f}"]
            for a, h, local in zip(rated, hours, (a.started_at.astimezone(tz) for a in rated))]
    return Chart("attacks", "Intensity and duration of each attack", summary, figure,
                 ["Started", "Kind", "Worst intensity", "Hours"], rows)


def timing_chart(attacks: list[AttackRow], zone: str) -> Chart:
    """4. When attacks start: by hour of the day and by weekday."""
    tz = ZoneInfo(zone)
    starts = [a.started_at.astimezone(tz) for a in attacks]
    by_hour = Counter(s.hour for s in starts)
    by_day = Counter(s.weekday() for s in starts)
    columns = ["When", "Attacks started"]
    rows = [[f"{h:02d}:00-{h:02d}:59", by_hour[h]] for h in range(24)] + [[WEEKDAYS[d], by_day[d]] for d in range(7)]
    if len(starts) < MIN_ATTACKS_FOR_TIMING:
        return Chart("timing", "When attacks start", f"Too few attacks in this period ({len(starts)}) to show a "
                     f"pattern of timing; at least {MIN_ATTACKS_FOR_TIMING} are needed.", None, columns, rows)
    figure = {"data": [
        {"type": "bar", "name": "By hour", "x": list(range(24)), "y": [by_hour[h] for h in range(24)],
         "marker": {"color": BLUE}, "xaxis": "x", "yaxis": "y"},
        {"type": "bar", "name": "By weekday", "x": list(WEEKDAYS), "y": [by_day[d] for d in range(7)],
         "marker": {"color": ORANGE}, "xaxis": "x2", "yaxis": "y2"},
    ], "layout": _layout(
        grid={"rows": 1, "columns": 2, "pattern": "independent"}, showlegend=False,
        xaxis={"title": {"text": "hour of the day"}, "dtick": 3}, xaxis2={"title": {"text": "weekday"}},
        # One scale for both panels: bars of the same height are the same number of attacks.
        yaxis={"title": {"text": "attacks"}}, yaxis2={"matches": "y"})}
    peak_hour, peak_day = max(by_hour, key=by_hour.get), max(by_day, key=by_day.get)
    summary = (f"Most attacks started between {peak_hour:02d}:00 and {peak_hour + 1:02d}:00 "
               f"and on {WEEKDAY_NAMES[peak_day]}s; with {len(starts)} attacks, small differences may be chance.")
    return Chart("timing", "When attacks start", summary, figure, columns, rows)


def stress_sleep_chart(logs: list[tuple[date, int | None, float | None]], counts: DayCounts) -> Chart:
    """5. Stress and sleep over time, with attack days marked."""
    logs = [row for row in logs if row[1] is not None or row[2] is not None]
    columns = ["Week from", "Days logged", "Average stress (0-10)", "Average sleep (hours)",
               "Logged days with an attack"]
    rows = _weekly_rows(logs, counts)
    if len(logs) < MIN_DAYS_FOR_FACTORS:
        return Chart("stress_sleep", "Stress and sleep", f"Only {len(logs)} days in this period have stress or "
                     f"sleep logged; at least {MIN_DAYS_FOR_FACTORS} are needed for this chart.", None, columns, rows)
    days = [d.isoformat() for d, _, _ in logs]
    attack_days = sorted(d for d in counts.headache if logs[0][0] <= d <= logs[-1][0])
    figure = {"data": [
        {"type": "scatter", "mode": "lines", "name": "Stress (0-10)", "x": days, "y": [s for _, s, _ in logs],
         "line": {"color": ORANGE}, "connectgaps": False},
        {"type": "scatter", "mode": "lines", "name": "Sleep (hours)", "x": days, "y": [h for _, _, h in logs],
         "line": {"color": BLUE}, "yaxis": "y2", "connectgaps": False},
        {"type": "scatter", "mode": "markers", "name": "Attack day", "x": [d.isoformat() for d in attack_days],
         "y": [0] * len(attack_days), "marker": {"symbol": "triangle-up", "size": 9, "color": VERMILLION}},
    ], "layout": _layout(yaxis={"title": {"text": "stress"}, "range": [-0.5, 10.5], "automargin": True},
                         # Whole hours on the sleep axis: Plotly would otherwise line its ticks up with the stress
                         # grid (0.55, 2.73 ... hours).
                         yaxis2={"title": {"text": "sleep, hours"}, "overlaying": "y", "side": "right",
                                 "range": [0, 12], "tickmode": "linear", "tick0": 0, "dtick": 2, "showgrid": False,
                                 "automargin": True},
                         xaxis={"type": "date"})}
    stress = [s for _, s, _ in logs if s is not None]
    sleep = [h for _, _, h in logs if h is not None]
    parts = []
    if stress:
        parts.append(f"stress averaged {sum(stress) / len(stress):.1f} out of 10")
    if sleep:
        parts.append(f"sleep {sum(sleep) / len(sleep):.1f} hours a night")
    summary = f"Over {len(logs)} logged days, {' and '.join(parts)}; triangles mark days with an attack. " \
              "Links between them are tested on the insights page, not read off this chart."
    return Chart("stress_sleep", "Stress and sleep", summary, figure, columns, rows)


def _weekly_rows(logs: list[tuple[date, int | None, float | None]], counts: DayCounts) -> list[list]:
    """Stress and sleep by week: a year of daily values is more than anyone reads in a table."""
    weeks: dict[int, list] = {}  # by the Monday's day number
    headache = counts.headache
    for day, stress, sleep in logs:
        monday = day.toordinal() - day.weekday()
        week = weeks.get(monday)
        if week is None:
            week = weeks[monday] = [0, [], [], 0]
        week[0] += 1
        if stress is not None:
            week[1].append(stress)
        if sleep is not None:
            week[2].append(sleep)
        week[3] += day in headache
    return [[day_label(date.fromordinal(monday)), n, round(sum(stress) / len(stress), 1) if stress else None,
             round(sum(sleep) / len(sleep), 1) if sleep else None, attack_days]
            for monday, (n, stress, sleep, attack_days) in weeks.items()]


def medication_chart(doses: list[DoseRow]) -> Chart:
    """6. Per drug, how often relief at two hours was good or pain-free (the trials' endpoints)."""
    rated: dict[str, list[int]] = {}
    for dose in doses:
        if dose.relief is not None and dose.drug_class != "antiemetic":
            rated.setdefault(dose.name.lower(), []).append(dose.relief)
    columns = ["Medication", "Doses rated", "Good or pain-free", "Pain-free"]
    rows = [[name, len(r), sum(v >= 2 for v in r), sum(v == 3 for v in r)] for name, r in sorted(rated.items())]
    shown = [row for row in rows if row[1] >= MIN_RATED_DOSES]
    if not shown:
        return Chart("medication", "How well each medication worked", "Rate the relief two hours after a dose "
                     f"(on the attack page); a drug appears here after {MIN_RATED_DOSES} rated doses.", None,
                     columns, rows)
    shown.sort(key=lambda row: row[2] / row[1])
    names = [f"{plotly_text(name)} (n={n})" for name, n, _, _ in shown]
    figure = {"data": [
        {"type": "bar", "orientation": "h", "name": "Pain-free", "y": names,
         "x": [round(100 * free / n) for _, n, _, free in shown], "marker": {"color": GREEN}},
        {"type": "bar", "orientation": "h", "name": "Good relief, not pain-free", "y": names,
         "x": [round(100 * (good - free) / n) for _, n, good, free in shown], "marker": {"color": SKY}},
    ], "layout": _layout(barmode="stack", height=max(200, 60 + 40 * len(shown)),
                         xaxis={"title": {"text": "% of rated doses<br>(relief two hours after)"}, "range": [0, 100]},
                         yaxis={"automargin": True}, margin={"l": 8, "r": 16, "t": 16, "b": 76})}
    best = shown[-1]
    summary = (f"{best[0].capitalize()} gave good relief or freedom from pain after {best[2]} of {best[1]} rated "
               f"doses ({round(100 * best[2] / best[1])} %); n is the number of doses, and a few doses say little.")
    return Chart("medication", "How well each medication worked", summary, figure, columns, rows)


VERDICT_COLOURS = {"likely_trigger": VERMILLION, "likely_protective": GREEN, "possible_trigger": ORANGE,
                   "warning_sign": PURPLE, "no_clear_link": GREY, "not_enough_data": SKY}
VERDICT_COLOUR_WORDS = ("Dots: orange-red a likely trigger, orange a possible one that could be chance, green likely "
                        "protective, purple a warning sign, grey no clear link, light blue not enough data yet.")


ODDS_TICKS = [0.1, 0.2, 0.5, 1, 2, 5, 10, 20]


def factor_chart(factors: list[dict]) -> Chart:
    """Odds ratios with their 95 % intervals, on a log scale, for every factor that could be tested."""
    tested = [f for f in factors if f["odds_ratio"] is not None and f["ci"] and f["ci"][0] and f["ci"][1]]
    columns = ["Factor", "When", "Odds ratio", "95 % interval", "Verdict"]
    rows = [[f["description"], LAG_WORDS[f["lag_days"]], f["odds_ratio"], f"{f['ci'][0]}-{f['ci'][1]}",
             f["verdict"].replace("_", " ")] for f in tested]
    if not tested:
        return Chart("factors", "Factors and attacks", "No factor could be tested yet.", None, columns, rows)
    tested = list(reversed(tested))  # the strongest findings at the top
    labels = [f"{plotly_text(f['description'])} ({LAG_WORDS[f['lag_days']]})" for f in tested]
    figure = {"data": [{
        "type": "scatter", "mode": "markers", "x": [f["odds_ratio"] for f in tested], "y": labels,
        "error_x": {"type": "data", "symmetric": False,
                    "array": [round(f["ci"][1] - f["odds_ratio"], 3) for f in tested],
                    "arrayminus": [round(f["odds_ratio"] - f["ci"][0], 3) for f in tested], "thickness": 2},
        "marker": {"size": 10, "color": [VERDICT_COLOURS[f["verdict"]] for f in tested]},
        "text": [f["verdict"].replace("_", " ") for f in tested], "hovertemplate": "%{y}: OR %{x:.2f}, %{text}",
        "name": "",
    }], "layout": _layout(
        height=max(260, 76 + 24 * len(tested)), showlegend=False, margin={"l": 8, "r": 16, "t": 16, "b": 64},
        xaxis={"type": "log", "title": {"text": "odds ratio (1 = no link)<br>with its 95 % interval"},
               "tickvals": ODDS_TICKS, "ticktext": [f"{tick:g}" for tick in ODDS_TICKS]},
        # Half a row above and below, no more: Plotly's own range pads a long list by two rows or so at each end.
        yaxis={"automargin": True, "range": [-0.5, len(tested) - 0.5]},
        meta={"labels_above": True},  # on a phone, charts.js writes each label above its row instead
        shapes=[{"type": "rect", "xref": "x", "yref": "paper", "x0": 0.5, "x1": 2, "y0": 0, "y1": 1,
                 "fillcolor": GREY, "opacity": 0.12, "line": {"width": 0}, "layer": "below"},
                {"type": "line", "xref": "x", "yref": "paper", "x0": 1, "x1": 1, "y0": 0, "y1": 1,
                 "line": {"color": GREY, "dash": "dot"}}])}
    flagged = sum(1 for f in tested if f["verdict"] in ("likely_trigger", "likely_protective", "warning_sign"))
    summary = (f"{len(tested)} of the {len(factors)} factor and timing combinations had enough days for an "
               f"estimate, drawn here; {flagged} {'stands' if flagged == 1 else 'stand'} out beyond chance. "
               "A dot right of 1 means more attacks after that factor; the grey band (0.5 to 2) is too small an "
               "effect to matter. " + VERDICT_COLOUR_WORDS)
    return Chart("factors", "Every estimate at a glance", summary, figure, columns, rows)
