"""The user errors the kit reports: every message is Chinese, then English, saying the same."""

from __future__ import annotations


class BilingualError(Exception):
    """Bad input from a user (a file, an option, a folder); ``cli`` prints ``str(error)``."""

    def __init__(self, zh: str, en: str):
        super().__init__(f"{zh}\n{en}")
        self.zh, self.en = zh, en
