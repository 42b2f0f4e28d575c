import io
import os

import pytest
from django.test import SimpleTestCase

from spor.common.sealed import CHUNK, HEADER_SIZE, TAG, BackupError, SealedWriter, open_sealed

KEY = "a-backup-key-of-at-least-thirty-two-characters"
BLOCK = CHUNK + TAG


def seal(data: bytes, key: str = KEY) -> bytes:
    out = io.BytesIO()
    writer = SealedWriter(out, key)
    for start in range(0, len(data), 300_000):  # writes that do not line up with the chunks
        writer.write(data[start : start + 300_000])
    writer.close()
    return out.getvalue()


def unseal(sealed: bytes, key: str = KEY) -> bytes:
    return b"".join(open_sealed(io.BytesIO(sealed), key))


@pytest.mark.nodb
class SealedTests(SimpleTestCase):
    def test_it_gives_back_what_was_sealed(self) -> None:
        for size in (0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 2 * CHUNK + 12345):
            data = os.urandom(size)
            with self.subTest(size=size):
                sealed = seal(data)
                self.assertEqual(unseal(sealed), data)
                self.assertEqual(len(sealed), HEADER_SIZE + max(1, -(-size // CHUNK)) * TAG + size)

    def test_it_seals_the_same_data_differently_each_time(self) -> None:
        self.assertNotEqual(seal(b"same")[HEADER_SIZE:], seal(b"same")[HEADER_SIZE:])

    def test_it_detects_every_kind_of_tampering(self) -> None:
        sealed = seal(os.urandom(3 * CHUNK + 500))  # four chunks, the last one short
        foreign = seal(os.urandom(CHUNK + 1))[HEADER_SIZE:][:BLOCK]
        header, chunks = sealed[:HEADER_SIZE], [sealed[i : i + BLOCK] for i in range(HEADER_SIZE, len(sealed), BLOCK)]
        flipped = bytearray(sealed)
        flipped[HEADER_SIZE + 2 * BLOCK + 7] ^= 0x80
        cases = {
            "a flipped bit": bytes(flipped),
            "chunks swapped": header + chunks[1] + chunks[0] + chunks[2] + chunks[3],
            "a chunk repeated": header + chunks[0] + chunks[0] + chunks[1] + chunks[2] + chunks[3],
            "the final chunk dropped": header + b"".join(chunks[:3]),
            "cut inside a chunk": sealed[: HEADER_SIZE + BLOCK + 100],
            "bytes appended": sealed + b"\0" * 20,
            "a chunk of another file": header + foreign + b"".join(chunks[1:]),
        }
        for name, damaged in cases.items():
            with self.subTest(name), self.assertRaisesRegex(BackupError, "damaged, altered or cut short|cut short"):
                unseal(damaged)

    def test_it_tells_a_wrong_key_and_a_foreign_file_apart(self) -> None:
        sealed = seal(b"data")
        with self.assertRaisesMessage(BackupError, "SPOR_BACKUP_KEY does not open this backup"):
            unseal(sealed, "another-key-of-at-least-thirty-two-characters")
        with self.assertRaisesMessage(BackupError, "not a Spor backup file"):
            unseal(b"PGDMP" + sealed)
        newer = bytearray(sealed)
        newer[HEADER_SIZE - 40] = 3
        with self.assertRaisesMessage(BackupError, "version 3 is not supported"):
            unseal(bytes(newer))
