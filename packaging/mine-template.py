#!/usr/bin/env python3
"""A miner of your own for a MiniBitcoin node, in a page of Python (standard library only).

It asks the node for the block it would mine now (GET /mining/template), searches nonces
itself, and sends the block back (POST /block): the node checks it like any block from a peer.

  packaging/mine-template.py --address ADDRESS [--node http://127.0.0.1:8000] [--blocks 1]

ADDRESS (40 hex digits) is whom the block's coinbase pays: reward plus fees.
"""
import argparse
import hashlib
import json
import struct
import sys
import time
import urllib.error
import urllib.request


class Refused(Exception):
    """The node answered with an HTTP error."""

    def __init__(self, message, status):
        super().__init__(message)
        self.status = status


def call(url, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return json.load(answer)
    except urllib.error.HTTPError as error:
        detail = error.read().decode(errors="replace")
        try:
            detail = json.loads(detail).get("detail", detail)
        except ValueError:
            pass
        raise Refused(f"{url}: HTTP {error.code}: {detail}", error.code)
    except (urllib.error.URLError, OSError) as error:
        sys.exit(f"{url}: the node cannot be reached ({error})")


def search(template, seconds):
    """The first nonce whose header hash meets the target, or None when time is up."""
    header = bytes.fromhex(template["header_hex"])
    offset = template["nonce_offset"]
    target = int(template["target"], 16)
    # The header's first 64 bytes are one SHA-256 block that no nonce changes: hash it once
    # (the "midstate") and go on from a copy for each nonce.
    midstate = hashlib.sha256(header[:64])
    middle, end = header[64:offset], header[offset + 4:]
    deadline = time.monotonic() + seconds
    for nonce in range(2**32):
        first = midstate.copy()
        first.update(middle + struct.pack("<I", nonce) + end)
        digest = hashlib.sha256(first.digest()).digest()
        if int.from_bytes(digest, "big") <= target:  # the hash as a big-endian number
            return nonce, digest.hex(), nonce + 1
        if nonce % 65536 == 65535 and time.monotonic() > deadline:
            return None, None, nonce + 1
    return None, None, 2**32


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--node", default="http://127.0.0.1:8000", help="the node's REST URL")
    parser.add_argument("--address", required=True, help="whom the coinbase pays (40 hex digits)")
    parser.add_argument("--blocks", type=int, default=1, help="blocks to mine, then stop")
    parser.add_argument("--seconds", type=float, default=30,
                        help="a fresh template after this long (new transactions, a new tip)")
    args = parser.parse_args()
    node = args.node.rstrip("/")

    mined = refused = 0
    while mined < args.blocks:
        try:
            template = call(f"{node}/mining/template?miner_address={args.address}&waiting=0")
        except Refused as why:
            if why.status not in (429, 503):
                sys.exit(str(why))
            # Busy (a reorg being caught up with, this sender's share of the node used): later.
            print(f"{why}; asking again in 5 s", flush=True)
            time.sleep(5)
            continue
        height, count = template["height"], len(template["transactions"])
        print(f"template for block {height}: {count} transactions, "
              f"coinbase {template['coinbase_value']}, target {template['target']}", flush=True)
        started = time.monotonic()
        nonce, block_hash, hashes = search(template, args.seconds)
        elapsed = max(time.monotonic() - started, 1e-6)
        if nonce is None:
            print(f"no block in {hashes:,} hashes ({hashes / elapsed:,.0f} H/s); asking again")
            continue
        block = template["block"]
        block["header"]["nonce"] = nonce
        block["block_hash"] = block_hash
        try:
            answer = call(f"{node}/block", block)
        except Refused as why:
            # Another block may have won the race (the tip moved): try the next template.
            refused += 1
            print(f"block {height} refused: {why}", flush=True)
            if refused == 3:
                sys.exit("three blocks refused in a row: stopping")
            continue
        refused = 0
        print(f"block {height} {block_hash}: {answer.get('message', answer)} "
              f"(nonce {nonce}, {hashes:,} hashes in {elapsed:.2f} s, {hashes / elapsed:,.0f} H/s)",
              flush=True)
        mined += 1


if __name__ == "__main__":
    main()
