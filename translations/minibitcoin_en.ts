<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>Startup</name>
    <message>
        <source>MiniBitcoin cannot start: %1

The setting it names comes from a flag, the environment, .env, or the app&apos;s settings file %2; fix it there.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message numerus="yes">
        <source>mining on %n thread(s), %1</source>
        <translation>
            <numerusform>mining on %n thread, %1</numerusform>
            <numerusform>mining on %n threads, %1</numerusform>
        </translation>
    </message>
    <message>
        <source>syncing from %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>behind (a peer is at %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no peers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>up to date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not mining</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 MH/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 kH/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 H/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database unavailable - retrying</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disk full - retrying</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database cannot be written - retrying</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TimeText</name>
    <message>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mbc::ui</name>
    <message>
        <source>&quot;%1&quot; is not a request: write GET or POST, then a path such as /health (help lists the routes).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The path must start with / (or be a whole http:// URL), e.g. GET /chaintips.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A GET request has no body: use POST to send JSON.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The body is not JSON (%1 at character %2).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mbc::ui::BlockListModel</name>
    <message>
        <source>loading...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Height</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Txs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size (bytes)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mbc::ui::CoinTableModel</name>
    <message>
        <source>being spent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Coin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirmations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Frozen</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mbc::ui::ConsolePage</name>
    <message>
        <source>Console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send requests to the node&apos;s REST API, as curl would: METHOD /path and, for a POST, a JSON body, e.g. GET /chaintips or POST /tx/check {...}. A bare /path is a GET. Up and down walk the history; routes complete as you type; help lists them, clear empties the screen. The node field may name another node.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Node:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GET /health</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Routes of this node (admin: only from this machine or with the API token):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The node&apos;s URL is not an http:// URL: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GET /events is a stream that never ends: follow it with curl -N %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No answer from %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>... the answer is larger than %1 MB and was cut.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redirected to %1 (not followed).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>... %1 more bytes not shown.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mbc::ui::ContactTableModel</name>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mbc::ui::ContactsTab</name>
    <message>
        <source>%1 is in the address book.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removed from the address book.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>choose a contact first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>address (40 hex digits)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pay this contact</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mbc::ui::DifficultyPanel</name>
    <message>
        <source>Work of each block&apos;s target: expected hashes to find it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>height</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hashes per block</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The difficulty shows once the node runs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Block %1 must have a hash at most %2: about %3 hashes on average.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This network never retargets: every block keeps the genesis target (regtest, for tests and demos).</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The target changes every %1 blocks so that they come every %2 s. Next retarget: block %3, in %n block(s).</source>
        <translation>
            <numerusform>The target changes every %1 blocks so that they come every %2 s. Next retarget: block %3, in %n block.</numerusform>
            <numerusform>The target changes every %1 blocks so that they come every %2 s. Next retarget: block %3, in %n blocks.</numerusform>
        </translation>
    </message>
    <message>
        <source>Over the last %1 blocks, one came every %2 s. At that pace, block %3 would get target %4: %5 times the work of now (%6).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>harder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>easier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One block is too few to tell the pace yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At the measured hash rate (%1), a block takes %2 s on average.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mine to measure the hash rate and see how long a block takes on average.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mbc::ui::ExplorerPage</name>
    <message>
        <source>Explorer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>height, block hash, txid or address, then Enter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blocks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fork tree</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mbc::ui::ForkTreePanel</name>
    <message>
        <source>and %1 more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The block index near the tip, the tip on top: %1, %2, %3, %4. The last reorg&apos;s blocks are outlined in purple: solid if it connected them, dashed if it disconnected them. Click a block to open it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the active chain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a valid fork</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invalid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No reorg since the node started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last reorg (%1): above height %2, %3 block(s) disconnected (%4) and %5 connected (%6); %7 transaction(s) went back to the mempool%8.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No block waits for its parent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 waits for its parent %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 block(s) wait for their parent (orphans): %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stored, not checked yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>More blocks are stored near the tip than the tree draws: the lowest are left out.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mbc::ui::ForkTreeWidget</name>
    <message>
        <source>active chain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>valid fork (connected once, left by a reorg)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invalid (it or an ancestor failed a rule)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No block yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n tx</source>
        <translation>
            <numerusform>%n tx</numerusform>
            <numerusform>%n txs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Block %1 at height %2
%3
%n transaction(s); click to open it</source>
        <translation>
            <numerusform>Block %1 at height %2
%3
%n transaction; click to open it</numerusform>
            <numerusform>Block %1 at height %2
%3
%n transactions; click to open it</numerusform>
        </translation>
    </message>
    <message>
        <source>stored, its transactions not checked yet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mbc::ui::HistoryTab</name>
    <message>
        <source>mined</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>to yourself</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount (coins)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirmations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Txid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export as CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The history is in %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mbc::ui::LogPage</name>
    <message>
        <source>Log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow new lines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Double-click a refused block to see which rule it broke.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mbc::ui::MainWindow</name>
    <message>
        <source>MiniBitcoin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The node did not start:
%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wallet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mining</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About MiniBitcoin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About MiniBitcoin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MiniBitcoin %1
A wallet and full node of a small proof-of-work blockchain.
Released under the MIT license.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>starting...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Height: none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Height: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Peers: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Explorer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Settings...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>node not running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use another data folder...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a data folder for this MiniBitcoin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Back up the wallet...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Restore a wallet...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set the damaged database aside</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The damaged database was not set aside: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mbc::ui::MempoolTableModel</name>
    <message>
        <source>Txid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fee (coins)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size (bytes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fee rate (units/byte)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Received</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mbc::ui::MiningPage</name>
    <message numerus="yes">
        <source>Mining on %n thread(s) until you stop it.</source>
        <translation>
            <numerusform>Mining on %n thread until you stop it.</numerusform>
            <numerusform>Mining on %n threads until you stop it.</numerusform>
        </translation>
    </message>
    <message>
        <source>Mining</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reward to:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>address: 40 hex digits (a pubkey hash)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Threads:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mine one block</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hash rate over the last two minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop mining</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start mining</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hash rate: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target of the next block: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expected time per block at this rate: %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expected nonces per block: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blocks this node found: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MH/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kH/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>H/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the address that receives the reward: 40 hex digits (a pubkey hash).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mining a block...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mined block %1 at height %2 in %3 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No block: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mining stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The wallet has no address yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wallet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One of the wallet&apos;s addresses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next block</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Difficulty</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mbc::ui::NetworkPage</name>
    <message>
        <source>Network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Peers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>http://host:port of another node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add peer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mempool</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>height</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a node&apos;s address: use http://host:port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added %1; it was told how to reach this node.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a peer first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removed %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a peer first: there is nobody to sync from.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Syncing from %1...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chain work (expected hashes to redo the chain) over height</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hashes</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Synced with %1: %n block(s) received; height %2.</source>
        <translation>
            <numerusform>Synced with %1: %n block received; height %2.</numerusform>
            <numerusform>Synced with %1: %n blocks received; height %2.</numerusform>
        </translation>
    </message>
    <message>
        <source>Sync with %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mbc::ui::NextBlockModel</name>
    <message>
        <source>Txid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fee rate (units/byte)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fee (coins)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size (bytes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next block</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>waits: the block is full (%n transaction(s) at most) of higher fee rates</source>
        <translation>
            <numerusform>waits: the block is full (%n transaction at most) of higher fee rates</numerusform>
            <numerusform>waits: the block is full (%n transactions at most) of higher fee rates</numerusform>
        </translation>
    </message>
    <message>
        <source>waits: too few bytes are left in the block for it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waits for %1, whose output it spends and which waits too</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>goes in, as transaction %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mbc::ui::NextBlockPanel</name>
    <message>
        <source>in the next block</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The mempool by fee rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fee rate (units per byte)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>txs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The next block shows once the node runs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Block %1 would take %2 of the %3 transactions in the mempool (%4 bytes with its coinbase), and its coinbase would claim the reward %5 plus %6 in fees. The node takes the highest fee rates first, a parent before the transactions that spend from it, at most %7 transactions and 1,000,000 bytes; %8 wait.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mbc::ui::NodeReasons</name>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the data ends too early</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>there are extra bytes after the data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a count in the data is too large</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a number in the data is not in its shortest form</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the JSON cannot be read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a field is missing or has a wrong value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the transaction spends no coins</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the transaction pays nobody</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the transaction spends the same coin twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an output&apos;s amount is negative</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an output&apos;s amount is larger than all coins there can be</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the outputs together are larger than all coins there can be</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a coinbase transaction can only be the first of a block</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an input names no coin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the transaction is too large</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a coin it spends does not exist or is already spent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a transaction waiting in the mempool already spends one of its coins</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an input&apos;s public key is not valid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an input&apos;s public key does not own the coin it spends</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a signature is not valid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the coins it spends add up to more than all coins there can be</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it pays out more than the coins it spends</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the block&apos;s parent is unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the block builds on a block that is not valid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the block&apos;s target is not the one required at its height</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the block&apos;s hash is above its target (not enough proof of work)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the block&apos;s time is too far in the future</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the block&apos;s time is too early</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the block has too many transactions or bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the block does not start with a coinbase transaction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the block has more than one coinbase transaction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the block&apos;s coinbase transaction is malformed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the block&apos;s merkle root does not match its transactions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the block holds the same transaction twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the block holds a transaction that is already in the chain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>two transactions of the block spend the same coin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the block&apos;s fees add up to more than all coins there can be</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the coinbase pays more than the reward and the fees</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the node already has this block</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the node already found this block invalid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the block builds on a block found invalid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the block&apos;s parent is not known yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the transaction is already in the mempool</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the transaction is already confirmed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the transaction is larger than the mempool accepts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the fee is below the minimum the node relays</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the mempool is full of transactions that pay a higher fee per byte</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the node refused it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is this node&apos;s own address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is banned for a while: it sent invalid data</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>this node already has %n peer(s), its most (MAX_PEERS)</source>
        <translation>
            <numerusform>this node already has %n peer, its most (MAX_PEERS)</numerusform>
            <numerusform>this node already has %n peers, its most (MAX_PEERS)</numerusform>
        </translation>
    </message>
    <message>
        <source>the peer is banned for a while: it sent invalid data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the peer did not answer (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the peer is not a MiniBitcoin node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the peer is on another network (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the peer sent data that cannot be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the peer sent an invalid block: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the peer sent a block that does not connect to the chain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 leads to an address this node does not connect to (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not on the host that announced it (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the peer served only blocks this node has, though its headers promised more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>too many syncs are waiting already; try again later</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the sync did not finish</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mining was stopped through the REST API</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the node is shutting down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mining was stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the data folder %1 cannot be created or written; choose another in Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the data folder %1 is in use by another MiniBitcoin (process %2); close it, or choose another data folder in Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the database URL is not of the form postgresql://user:password@host:port/name; fix it in Settings or DATABASE_URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the database driver is not installed: install the Debian package %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the database %1 cannot be opened (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the database %1 was written by a newer MiniBitcoin; upgrade, or choose another data folder or database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the database %1 holds the chain of another network (%2); choose that network, or another data folder or database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the node cannot listen on %1 (%2); choose another REST port in Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the database failed (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the database %1 failed (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the block is on a branch too far behind the chain to keep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the block&apos;s parent is unknown and its target is easier than the network allows at its start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the database failed while the node took a mined block</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this node&apos;s database failed or is unavailable (%1); the node syncs again once it works</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the database is unavailable; mining goes on once it is back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not safe to use: it belongs to another user, is a link, or others can change or read it; choose another data folder in Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the database %1 is damaged (%2); restore it from a backup, or set it aside and start again: the node then syncs the chain again from its peers (the wallet, kept apart, is not touched)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mbc::ui::Notifier</name>
    <message>
        <source>Block found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This node mined block %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 coins reached the wallet (transaction %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment request paid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request &quot;%1&quot; for %2 was paid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 coins</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>any amount</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mbc::ui::OverviewPage</name>
    <message numerus="yes">
        <source>%n transaction(s)</source>
        <translation>
            <numerusform>%n transaction</numerusform>
            <numerusform>%n transactions</numerusform>
        </translation>
    </message>
    <message>
        <source>Overview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Height:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tip:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Peers:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mempool:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mining:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>REST API:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The node did not start: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting the node...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This chain is empty. Mine the genesis block: open Mining, enter the address that receives the reward, and press &quot;Mine one block&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no blocks yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mbc::ui::PeerTableModel</name>
    <message>
        <source>active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>banned for sending invalid data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unreachable, retry in %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unreachable, retrying</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not reached yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mbc::ui::ReceiveTab</name>
    <message>
        <source>Copied the payment link to the clipboard.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied %1 to the clipboard.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount (coins):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional: any amount if empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>who pays, or what for (kept in your wallet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>shown to the payer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create a payment request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The amount must be a number of coins above zero, with at most 8 decimals, or empty for any amount.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request created on a new address: give the payer the link or the QR code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too long for a QR code: shorten the label or the message.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mbc::ui::RequestTableModel</name>
    <message>
        <source>any</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>paid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>paid, unconfirmed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mbc::ui::RuleStepTableModel</name>
    <message>
        <source>pass</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FAIL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reject code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mbc::ui::RuleTexts</name>
    <message>
        <source>The block builds on a block this node knows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The target is the one the target rule gives at this height</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The block hash is at most the target (proof of work)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The timestamp is at most two hours ahead of the node&apos;s clock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The block is at most 1,000,000 bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exactly one coinbase, and it comes first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The coinbase input has no signature and no public key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The header&apos;s merkle root is the root of the transactions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No transaction appears twice in the block</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It is not a coinbase (those come only first in a block)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It spends at least one coin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It pays at least one output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No coin is spent twice by it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every amount, and their sum, lies between 0 and all coins there can be</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It is no larger than a block may be</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No input names the empty coin (only a coinbase may)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None of its transactions is already in the chain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No transaction waiting in the mempool spends the same coins</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No coin is spent by two transactions of the block</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The coin it spends exists and is unspent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The public key is a 33-byte compressed key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The public key hashes to the address the coin is locked to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signature over the sighash is valid for the public key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The coins it spends add up within the money range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The inputs cover the outputs (the rest is the fee)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The block&apos;s fees add up within the money range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The coinbase pays at most the block reward plus the fees</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>transaction %1, input %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>transaction %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>input %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>previous block (prev_hash)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>parent found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>parent&apos;s height</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>height</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>target the rule gives</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>parent&apos;s target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>retarget at this height</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>time the last 9 blocks took (s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>that time, clamped (s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>time they should take (s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>block hash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nonce</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>timestamp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>node&apos;s clock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>allowed lead (s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>latest allowed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>median time past</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>blocks in the median</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>size (bytes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>limit (bytes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>transactions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>signature bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>public key bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>merkle root in the header</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>merkle root of the transactions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>txids</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>inputs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>outputs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>outputs total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>inputs total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all coins there can be</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>coin spent (txid:output)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>locked to (pubkey hash)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>created at height</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from a coinbase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>public key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hash160 of the public key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sighash (what was signed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>signature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fees</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fees so far</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>coinbase pays</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>block reward</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>allowed (reward + fees)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 coins</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The timestamp is after the median time of the last 11 blocks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>header</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>block</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>transaction</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mbc::ui::SendForm</name>
    <message>
        <source>the node&apos;s estimate: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>40 hex digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount (coins):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. 12.5 (up to 8 decimals)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fee (coins):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The amount must be a number of coins above zero, with at most 8 decimals.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The fee must be a number of coins, with at most 8 decimals.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preparing the payment...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The node refused the payment: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent: transaction %1 is in the mempool, pending until a block confirms it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>largest coins first (the fewest inputs)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove this recipient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a recipient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (yours)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Coins: the wallet chooses, %1; frozen coins are never spent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pay %1 coins to %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fee: %1 coins (%2 bytes).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 coins come back as change, to %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Coins spent (chosen by you):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Coins spent (chosen by the wallet, %1):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Press Send to confirm.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Coins: exactly those ticked on the Coins tab (%1, worth %2 coins).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label (address book):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional: who this is</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check every rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>See the node check this payment rule by rule, without sending it</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mbc::ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>default (main, or as the environment says)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>main</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>regtest (instant blocks, for demos)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>default: the platform&apos;s app-data folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>empty: SQLite in the data folder; or postgresql://...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>default: 127.0.0.1 (0.0.0.0 lets other machines in)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>default (8000)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>http://host:port, comma-separated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>default (all cores)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the system&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data folder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>REST bind address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>REST port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Peers:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mining threads:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An unlocked wallet locks itself after this long without use.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The language and the wallet&apos;s lock change at once; the node&apos;s settings apply when MiniBitcoin starts again. Flags and environment variables still win over them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lock the wallet after:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Peers: &quot;%1&quot; is not a node&apos;s address (use http://host:port).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database URL: leave it empty for SQLite, or give a postgresql:// URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>REST bind address: &quot;%1&quot; is not an IP address (try 127.0.0.1, or 0.0.0.0 for every interface).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mbc::ui::ValidationLab</name>
    <message>
        <source>Pay one unit more (first payment, first output)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flip one bit of a signature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move the timestamp three hours ahead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move the timestamp a day back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change the nonce</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Halve the target (claim more work)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>output 0 of transaction %1: %2 -&gt; %3 coins</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>input 0 of transaction %1: bit 0 of signature byte 6 flipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>timestamp %1 -&gt; %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nonce %1 -&gt; %2: the hash no longer meets the target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>target %1 -&gt; %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nonce %1 -&gt; %2: every nonce tried meets this target, it is that easy</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mbc::ui::ValidationPage</name>
    <message>
        <source>Validation X-ray</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste a block or a transaction as JSON, or open one from the Explorer: the node checks it as it would check one from a peer, and shows every rule in its order with the values it compared. Then change one field and see which rule catches it. Nothing is stored or sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{&quot;header&quot;: {...}, &quot;transactions&quot;: [...]} or {&quot;inputs&quot;: [...], &quot;outputs&quot;: [...]}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Then seal the block again (merkle root, nonce)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As a forger would: recompute the merkle root and look for a nonce, so that the rules behind the proof of work get their turn.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change and check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check something first, then change one field of it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This node has no such block.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This node has no such transaction.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is not JSON: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is not a block: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is neither a block (header and transactions) nor a transaction: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That change does not apply here (a block with no payment has no signature to change).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; sealed again: new merkle root, nonce %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an empty chain (it is a genesis block)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the chain up to height %1, as it was before this block</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the chain&apos;s tip and the transactions waiting in the mempool</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its block at height %1, as the chain was before it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its parent on a side branch: only the header and structure rules (the node keeps the coins of the active chain only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nothing: this node does not know its parent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid block: all %1 rules checked passed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid transaction: all %1 rules checked passed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fee: %1 coins.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalid block: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalid transaction: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checked against %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(%1 passing rules are not listed.)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dry run: nothing was stored or sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>passed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FAILED</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; sealed again, but no nonce found in %1 seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nothing: it is a genesis block other than this chain&apos;s, so only its header and structure rules apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The node no longer keeps this refused block (it keeps the last few).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mbc::ui::WalletModel</name>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 already exists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>choose a passphrase: it protects the private keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>there is no wallet yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not an address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the recipient&apos;s address must be 40 hex digits (a pubkey hash)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the amount must be more than zero</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>wrong passphrase (or the wallet file was changed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the wallet is locked: unlock it first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the wallet already has this key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a private key is 64 hex digits, a number between 1 and the curve order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the wallet has no key for this address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the wallet file is damaged or not a MiniBitcoin keystore (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the address must be 40 hex digits (a pubkey hash)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a contact needs a name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>choose a contact first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>add a recipient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the coin %1 cannot be spent now: it is frozen, spent, or an unconfirmed payment spends it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>insufficient funds: the %1 %2 coins to spend, the payment needs %3 (amounts and fee)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>chosen coins have</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>wallet has</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a backup goes elsewhere than the wallet file itself</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>choose one of the wallet&apos;s addresses to sign with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the signature is malformed: it is 88 characters of base64, as Sign makes it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not valid: this address&apos;s key did not sign this message (or the message differs from the one signed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this wallet was made before recovery words: back up its file instead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>recovery words come in 12, 15, 18, 21 or 24; these are %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>word %1, &quot;%2&quot;, is not one of the recovery words&apos; list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>these words are all in the list, but their checksum does not match: a word is wrong or out of order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>another MiniBitcoin (the app or minibitcoin-cli) is using %1: close it, then start again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at most %1 coins can be frozen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the wallet keeps at most %1 requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the node says more addresses of these words were used than any wallet has; check that it is a node you trust</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the folder %1 (or one above it) belongs to another user, or others can change it, so its wallet is not opened; choose another data folder in Settings</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mbc::ui::WalletPage</name>
    <message>
        <source>Wallet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>label of a new address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>private key to import (64 hex digits)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mine to this address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I understand that anyone who sees a private key can spend its coins</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show private key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Addresses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The wallet file cannot be used: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Locked: unlock to add keys or see a private key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlocked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirmed: %1 coins    Pending: %2 coins</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>first address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Locked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New address %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key imported: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select an address first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied %1 to the clipboard.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tick the warning first: a private key spends its coins.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Private key of %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show recovery words</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Coins</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backup and signing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Let the wallet choose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tick coins to spend exactly those on the Send tab; freeze the ones no payment may spend. Unticked, the wallet chooses.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This payment link cannot be used: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment request for %1 coins to %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>any number of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check it, then Review and Send.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First address: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tick the warning first: the recovery words spend every coin.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recovery words:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ticked: %1, worth %2 coins. The next payment spends exactly these.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no wallet to back up yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A wallet is open here. To restore another, quit, move %1 away, and start again: the Wallet pane then offers to restore from recovery words or a backup file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the recovery words, or choose a backup file, with the passphrase.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mbc::ui::WalletSetup</name>
    <message>
        <source>Restore a wallet backup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wallet files (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no wallet yet. Choose a passphrase: it encrypts the private keys and the recovery words in %1 (scrypt and AES-256-GCM). Without it nobody, you included, can spend from them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passphrase:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repeat it:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>12 recovery words</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>24 recovery words</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create the wallet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Or bring back a wallet from its recovery words (the node looks for every address they were used with):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the recovery words, in order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore from the words</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore a backup file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>These are the wallet&apos;s recovery words. Write them down, in order, and keep them offline: they are the only way back to the coins if this computer or its wallet file is lost, and anyone who has them can spend the coins. They are shown now; later only for the passphrase.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I have written them down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type two of the words, to check they were written down well.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Word %1:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm and create the wallet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the words again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a passphrase: it protects the private keys.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A word is not the one shown: look at what you wrote down, or show the words again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wallet created. Its recovery words bring it back anywhere.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Looking for the wallet&apos;s addresses on the chain…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wallet restored from its recovery words; addresses found: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the backup&apos;s passphrase (twice) first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wallet restored from %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mbc::ui::WalletToolsTab</name>
    <message>
        <source>Back up the wallet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wallet files (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A copy of the wallet file, its keys sealed with the passphrase as they are. Keep it elsewhere than this computer; the recovery words bring back the keys, a backup also the labels and requests.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back up the wallet to a file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>current passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>new passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>new passphrase again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change the passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign a message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the message, exactly as the reader will check it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the signature appears here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verify a message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the signer&apos;s address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the signature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verify</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The wallet is backed up in %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two new passphrases differ.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The passphrase is changed: the wallet file is sealed with the new one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed: give the reader the address, the message and the signature.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid: the key of %1 signed this message.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mbc::ui::explorer</name>
    <message>
        <source>Not found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No block %1 is stored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Height</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>active chain, %1 confirmations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>side chain (not active)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none (genesis)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merkle root</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nonce</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Work (expected hashes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chain work</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transactions (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 coins out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Block %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No transaction %1 in the active chain or the mempool.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Txid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in block %1 at height %2, %3 confirmations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in the mempool, not confirmed yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>coinbase: new coins (block reward and fees)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(not looked up)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 coins</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merkle proof</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>checked: position %1 of %2 leads to the block&apos;s merkle root</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>does NOT lead to the block&apos;s merkle root</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inputs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outputs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transaction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transactions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unspent outputs (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 coins at height %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History (newest first)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>height %1: received %2, spent %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The chain has no block at height %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search for a height, a block hash or txid (64 hex digits) or an address (40 hex digits); &quot;%1&quot; is none of these.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check every rule of this block</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check every rule of this transaction</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
