"""Passwords nobody should choose: the most common long ones in published breach lists, simple patterns, and the
account's own address. Length alone let "aaaaaaaaaa" and "1234567890" through."""
from __future__ import annotations

# Passwords of 10 characters or more that top the public lists of leaked passwords (compared in lower case,
# without spaces).
COMMON = frozenset("""
1234567890 0123456789 12345678910 1234567891 123456789a 123456789q 0987654321 9876543210 1111111111 0000000000
qwertyuiop qwerty1234 qwerty12345 qwerty123456 1q2w3e4r5t 1q2w3e4r5t6y 1qaz2wsx3edc asdfghjkl1 zxcvbnm123
password12 password123 password1234 passw0rd123 password1! iloveyou12 iloveyou123 welcome123 letmein123
football123 baseball123 princess12 princess123 sunshine12 sunshine123 monkey1234 dragon1234 superman12
superman123 michael123 charlie123 trustno1trustno1 changeme123 administrator qwertyuiop123 abcdefghij
abcdefg123 abc1234567 aa12345678 a123456789 qazwsxedcrfv zaq12wsxcde migrainediary migraine123 headache123
""".split())
RUNS = ("01234567890123456789", "98765432109876543210", "abcdefghijklmnopqrstuvwxyz", "qwertyuiopasdfghjklzxcvbnm",
        "1qaz2wsx3edc4rfv5tgb")


def weakness(password: str, email: str | None = None) -> str | None:
    """Why the password is too easy to guess, or None."""
    plain = "".join(password.lower().split())
    local = (email or "").lower().split("@")[0]
    if plain in COMMON:
        return "This is one of the most used passwords, tried first by anyone guessing. Choose another."
    if len(set(plain)) < 4 or any(plain in run for run in RUNS):
        return "This is a simple pattern, easy to guess. A few unrelated words strung together work well."
    if email and (plain == "".join(email.lower().split()) or (len(local) >= 4 and local in plain)):
        return "Do not use your email address in your password."
    return None
