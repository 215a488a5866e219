<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>Startup</name>
    <message>
        <source>MiniBitcoin cannot start: %1

The setting it names comes from a flag, the environment, .env, or the app&apos;s settings file %2; fix it there.</source>
        <translation>MiniBitcoin kann nicht starten: %1

Die genannte Einstellung stammt aus einem Flag, der Umgebung, .env oder der Einstellungsdatei der App %2; korrigieren Sie sie dort.</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <source>syncing from %1</source>
        <translation>synchronisiert von %1</translation>
    </message>
    <message>
        <source>behind (a peer is at %1)</source>
        <translation>im Rückstand (ein Peer ist bei %1)</translation>
    </message>
    <message>
        <source>no peers</source>
        <translation>keine Peers</translation>
    </message>
    <message>
        <source>up to date</source>
        <translation>aktuell</translation>
    </message>
    <message>
        <source>not mining</source>
        <translation>mint nicht</translation>
    </message>
    <message numerus="yes">
        <source>mining on %n thread(s), %1</source>
        <translation>
            <numerusform>mint auf %n Thread, %1</numerusform>
            <numerusform>mint auf %n Threads, %1</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 MH/s</source>
        <translation>%1 MH/s</translation>
    </message>
    <message>
        <source>%1 kH/s</source>
        <translation>%1 kH/s</translation>
    </message>
    <message>
        <source>%1 H/s</source>
        <translation>%1 H/s</translation>
    </message>
    <message>
        <source>Database unavailable - retrying</source>
        <translation>Datenbank nicht erreichbar - neuer Versuch läuft</translation>
    </message>
    <message>
        <source>Disk full - retrying</source>
        <translation>Festplatte voll - neuer Versuch läuft</translation>
    </message>
    <message>
        <source>Database cannot be written - retrying</source>
        <translation>Datenbank nicht beschreibbar - neuer Versuch läuft</translation>
    </message>
</context>
<context>
    <name>TimeText</name>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
</context>
<context>
    <name>mbc::ui</name>
    <message>
        <source>&quot;%1&quot; is not a request: write GET or POST, then a path such as /health (help lists the routes).</source>
        <translation>„%1“ ist keine Anfrage: Schreiben Sie GET oder POST, dann einen Pfad wie /health (help listet die Routen).</translation>
    </message>
    <message>
        <source>The path must start with / (or be a whole http:// URL), e.g. GET /chaintips.</source>
        <translation>Der Pfad muss mit / beginnen (oder eine ganze http://-URL sein), z. B. GET /chaintips.</translation>
    </message>
    <message>
        <source>A GET request has no body: use POST to send JSON.</source>
        <translation>Eine GET-Anfrage hat keinen Body: Verwenden Sie POST, um JSON zu senden.</translation>
    </message>
    <message>
        <source>The body is not JSON (%1 at character %2).</source>
        <translation>Der Body ist kein JSON (%1 bei Zeichen %2).</translation>
    </message>
</context>
<context>
    <name>mbc::ui::BlockListModel</name>
    <message>
        <source>loading...</source>
        <translation>wird geladen...</translation>
    </message>
    <message>
        <source>Height</source>
        <translation>Höhe</translation>
    </message>
    <message>
        <source>Hash</source>
        <translation>Hash</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Txs</source>
        <translation>Txs</translation>
    </message>
    <message>
        <source>Size (bytes)</source>
        <translation>Größe (Bytes)</translation>
    </message>
</context>
<context>
    <name>mbc::ui::CoinTableModel</name>
    <message>
        <source>being spent</source>
        <translation>wird ausgegeben</translation>
    </message>
    <message>
        <source>Spend</source>
        <translation>Ausgeben</translation>
    </message>
    <message>
        <source>Coin</source>
        <translation>Coin</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Bezeichnung</translation>
    </message>
    <message>
        <source>Confirmations</source>
        <translation>Bestätigungen</translation>
    </message>
    <message>
        <source>Frozen</source>
        <translation>Eingefroren</translation>
    </message>
</context>
<context>
    <name>mbc::ui::ConsolePage</name>
    <message>
        <source>Console</source>
        <translation>Konsole</translation>
    </message>
    <message>
        <source>Send requests to the node&apos;s REST API, as curl would: METHOD /path and, for a POST, a JSON body, e.g. GET /chaintips or POST /tx/check {...}. A bare /path is a GET. Up and down walk the history; routes complete as you type; help lists them, clear empties the screen. The node field may name another node.</source>
        <translation>Senden Sie Anfragen an die REST-API des Knotens, wie curl es täte: METHODE /pfad und bei POST ein JSON-Body, z. B. GET /chaintips oder POST /tx/check {...}. Ein bloßer /pfad ist ein GET. Pfeil hoch und runter gehen durch den Verlauf; Routen werden beim Tippen ergänzt; help listet sie, clear leert den Bildschirm. Das Feld Knoten kann einen anderen Knoten nennen.</translation>
    </message>
    <message>
        <source>Node:</source>
        <translation>Knoten:</translation>
    </message>
    <message>
        <source>this node</source>
        <translation>dieser Knoten</translation>
    </message>
    <message>
        <source>GET /health</source>
        <translation>GET /health</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <source>Routes of this node (admin: only from this machine or with the API token):</source>
        <translation>Routen dieses Knotens (admin: nur von diesem Rechner oder mit dem API-Token):</translation>
    </message>
    <message>
        <source>The node&apos;s URL is not an http:// URL: %1</source>
        <translation>Die URL des Knotens ist keine http://-URL: %1</translation>
    </message>
    <message>
        <source>GET /events is a stream that never ends: follow it with curl -N %1</source>
        <translation>GET /events ist ein Strom, der nie endet: Verfolgen Sie ihn mit curl -N %1</translation>
    </message>
    <message>
        <source>No answer from %1: %2</source>
        <translation>Keine Antwort von %1: %2</translation>
    </message>
    <message>
        <source>... the answer is larger than %1 MB and was cut.</source>
        <translation>... die Antwort ist größer als %1 MB und wurde gekürzt.</translation>
    </message>
    <message>
        <source>Redirected to %1 (not followed).</source>
        <translation>Weitergeleitet nach %1 (nicht gefolgt).</translation>
    </message>
    <message>
        <source>... %1 more bytes not shown.</source>
        <translation>... %1 weitere Bytes nicht gezeigt.</translation>
    </message>
</context>
<context>
    <name>mbc::ui::ContactTableModel</name>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
</context>
<context>
    <name>mbc::ui::ContactsTab</name>
    <message>
        <source>%1 is in the address book.</source>
        <translation>%1 ist im Adressbuch.</translation>
    </message>
    <message>
        <source>Removed from the address book.</source>
        <translation>Aus dem Adressbuch entfernt.</translation>
    </message>
    <message>
        <source>choose a contact first</source>
        <translation>wählen Sie zuerst einen Kontakt</translation>
    </message>
    <message>
        <source>name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>address (40 hex digits)</source>
        <translation>Adresse (40 Hex-Ziffern)</translation>
    </message>
    <message>
        <source>Save contact</source>
        <translation>Kontakt speichern</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Pay this contact</source>
        <translation>An diesen Kontakt zahlen</translation>
    </message>
</context>
<context>
    <name>mbc::ui::DifficultyPanel</name>
    <message>
        <source>Work of each block&apos;s target: expected hashes to find it</source>
        <translation>Arbeit des Ziels jedes Blocks: erwartete Hashes, um ihn zu finden</translation>
    </message>
    <message>
        <source>height</source>
        <translation>Höhe</translation>
    </message>
    <message>
        <source>hashes per block</source>
        <translation>Hashes pro Block</translation>
    </message>
    <message>
        <source>The difficulty shows once the node runs.</source>
        <translation>Die Schwierigkeit erscheint, sobald der Knoten läuft.</translation>
    </message>
    <message>
        <source>Block %1 must have a hash at most %2: about %3 hashes on average.</source>
        <translation>Block %1 braucht einen Hash von höchstens %2: im Mittel etwa %3 Hashes.</translation>
    </message>
    <message>
        <source>This network never retargets: every block keeps the genesis target (regtest, for tests and demos).</source>
        <translation>Dieses Netz passt das Ziel nie an: Jeder Block behält das Genesis-Ziel (regtest, für Tests und Vorführungen).</translation>
    </message>
    <message numerus="yes">
        <source>The target changes every %1 blocks so that they come every %2 s. Next retarget: block %3, in %n block(s).</source>
        <translation>
            <numerusform>Das Ziel ändert sich alle %1 Blöcke, damit sie alle %2 s kommen. Nächste Anpassung: Block %3, in %n Block.</numerusform>
            <numerusform>Das Ziel ändert sich alle %1 Blöcke, damit sie alle %2 s kommen. Nächste Anpassung: Block %3, in %n Blöcken.</numerusform>
        </translation>
    </message>
    <message>
        <source>Over the last %1 blocks, one came every %2 s. At that pace, block %3 would get target %4: %5 times the work of now (%6).</source>
        <translation>In den letzten %1 Blöcken kam alle %2 s einer. In diesem Tempo bekäme Block %3 das Ziel %4: das %5-Fache der heutigen Arbeit (%6).</translation>
    </message>
    <message>
        <source>harder</source>
        <translation>schwerer</translation>
    </message>
    <message>
        <source>easier</source>
        <translation>leichter</translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation>unverändert</translation>
    </message>
    <message>
        <source>One block is too few to tell the pace yet.</source>
        <translation>Ein Block ist noch zu wenig, um das Tempo zu kennen.</translation>
    </message>
    <message>
        <source>At the measured hash rate (%1), a block takes %2 s on average.</source>
        <translation>Bei der gemessenen Hashrate (%1) dauert ein Block im Mittel %2 s.</translation>
    </message>
    <message>
        <source>Mine to measure the hash rate and see how long a block takes on average.</source>
        <translation>Minen Sie, um die Hashrate zu messen und zu sehen, wie lange ein Block im Mittel dauert.</translation>
    </message>
</context>
<context>
    <name>mbc::ui::ExplorerPage</name>
    <message>
        <source>Explorer</source>
        <translation>Explorer</translation>
    </message>
    <message>
        <source>height, block hash, txid or address, then Enter</source>
        <translation>Höhe, Block-Hash, Txid oder Adresse, dann Enter</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Suchen</translation>
    </message>
    <message>
        <source>Blocks</source>
        <translation>Blöcke</translation>
    </message>
    <message>
        <source>Fork tree</source>
        <translation>Verzweigungen</translation>
    </message>
</context>
<context>
    <name>mbc::ui::ForkTreePanel</name>
    <message>
        <source>and %1 more</source>
        <translation>und %1 weitere</translation>
    </message>
    <message>
        <source>The block index near the tip, the tip on top: %1, %2, %3, %4. The last reorg&apos;s blocks are outlined in purple: solid if it connected them, dashed if it disconnected them. Click a block to open it.</source>
        <translation>Der Blockindex nahe der Spitze, die Spitze oben: %1, %2, %3, %4. Die Blöcke der letzten Reorganisation sind lila umrandet: durchgezogen, wenn sie sie verbunden hat, gestrichelt, wenn sie sie getrennt hat. Klicken Sie einen Block an, um ihn zu öffnen.</translation>
    </message>
    <message>
        <source>the active chain</source>
        <translation>die aktive Kette</translation>
    </message>
    <message>
        <source>a valid fork</source>
        <translation>eine gültige Abzweigung</translation>
    </message>
    <message>
        <source>invalid</source>
        <translation>ungültig</translation>
    </message>
    <message>
        <source>No reorg since the node started.</source>
        <translation>Keine Reorganisation seit dem Start des Knotens.</translation>
    </message>
    <message>
        <source>Last reorg (%1): above height %2, %3 block(s) disconnected (%4) and %5 connected (%6); %7 transaction(s) went back to the mempool%8.</source>
        <translation>Letzte Reorganisation (%1): oberhalb von Höhe %2 %3 Block/Blöcke getrennt (%4) und %5 verbunden (%6); %7 Transaktion(en) gingen zurück in den Mempool%8.</translation>
    </message>
    <message>
        <source>No block waits for its parent.</source>
        <translation>Kein Block wartet auf seinen Elternblock.</translation>
    </message>
    <message>
        <source>%1 waits for its parent %2</source>
        <translation>%1 wartet auf seinen Elternblock %2</translation>
    </message>
    <message>
        <source>%1 block(s) wait for their parent (orphans): %2</source>
        <translation>%1 Block/Blöcke warten auf ihren Elternblock (Waisen): %2</translation>
    </message>
    <message>
        <source>stored, not checked yet</source>
        <translation>gespeichert, noch nicht geprüft</translation>
    </message>
    <message>
        <source>More blocks are stored near the tip than the tree draws: the lowest are left out.</source>
        <translation>Nahe der Spitze sind mehr Blöcke gespeichert, als der Baum zeichnet: Die untersten fehlen.</translation>
    </message>
</context>
<context>
    <name>mbc::ui::ForkTreeWidget</name>
    <message>
        <source>active chain</source>
        <translation>aktive Kette</translation>
    </message>
    <message>
        <source>valid fork (connected once, left by a reorg)</source>
        <translation>gültige Abzweigung (einmal verbunden, von einer Reorganisation verlassen)</translation>
    </message>
    <message>
        <source>invalid (it or an ancestor failed a rule)</source>
        <translation>ungültig (er oder ein Vorfahre verletzte eine Regel)</translation>
    </message>
    <message>
        <source>No block yet.</source>
        <translation>Noch kein Block.</translation>
    </message>
    <message numerus="yes">
        <source>%n tx</source>
        <translation>
            <numerusform>%n Tx</numerusform>
            <numerusform>%n Txs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Block %1 at height %2
%3
%n transaction(s); click to open it</source>
        <translation>
            <numerusform>Block %1 auf Höhe %2
%3
%n Transaktion; zum Öffnen klicken</numerusform>
            <numerusform>Block %1 auf Höhe %2
%3
%n Transaktionen; zum Öffnen klicken</numerusform>
        </translation>
    </message>
    <message>
        <source>stored, its transactions not checked yet</source>
        <translation>gespeichert, seine Transaktionen noch nicht geprüft</translation>
    </message>
</context>
<context>
    <name>mbc::ui::HistoryTab</name>
    <message>
        <source>mined</source>
        <translation>gemint</translation>
    </message>
    <message>
        <source>received</source>
        <translation>empfangen</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>gesendet</translation>
    </message>
    <message>
        <source>to yourself</source>
        <translation>an Sie selbst</translation>
    </message>
    <message>
        <source>Export the history</source>
        <translation>Verlauf exportieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Bezeichnung</translation>
    </message>
    <message>
        <source>Amount (coins)</source>
        <translation>Betrag (Coins)</translation>
    </message>
    <message>
        <source>Confirmations</source>
        <translation>Bestätigungen</translation>
    </message>
    <message>
        <source>Txid</source>
        <translation>Txid</translation>
    </message>
    <message>
        <source>Export as CSV…</source>
        <translation>Als CSV exportieren…</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>ausstehend</translation>
    </message>
    <message>
        <source>The history is in %1.</source>
        <translation>Der Verlauf liegt in %1.</translation>
    </message>
</context>
<context>
    <name>mbc::ui::LogPage</name>
    <message>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Follow new lines</source>
        <translation>Neuen Zeilen folgen</translation>
    </message>
    <message>
        <source>Double-click a refused block to see which rule it broke.</source>
        <translation>Doppelklicken Sie einen abgelehnten Block, um zu sehen, welche Regel er verletzt hat.</translation>
    </message>
</context>
<context>
    <name>mbc::ui::MainWindow</name>
    <message>
        <source>MiniBitcoin</source>
        <translation>MiniBitcoin</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About MiniBitcoin</source>
        <translation>&amp;Über MiniBitcoin</translation>
    </message>
    <message>
        <source>About MiniBitcoin</source>
        <translation>Über MiniBitcoin</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Mining</source>
        <translation>Mining</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>MiniBitcoin %1
A wallet and full node of a small proof-of-work blockchain.
Released under the MIT license.</source>
        <translation>MiniBitcoin %1
Eine Wallet und ein vollständiger Knoten einer kleinen Proof-of-Work-Blockchain.
Veröffentlicht unter der MIT-Lizenz.</translation>
    </message>
    <message>
        <source>starting...</source>
        <translation>startet...</translation>
    </message>
    <message>
        <source>Network: %1</source>
        <translation>Netzwerk: %1</translation>
    </message>
    <message>
        <source>Height: none</source>
        <translation>Höhe: keine</translation>
    </message>
    <message>
        <source>Height: %1</source>
        <translation>Höhe: %1</translation>
    </message>
    <message>
        <source>Peers: %1</source>
        <translation>Peers: %1</translation>
    </message>
    <message>
        <source>The node did not start:
%1</source>
        <translation>Der Knoten ist nicht gestartet:
%1</translation>
    </message>
    <message>
        <source>Wallet</source>
        <translation>Wallet</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Netzwerk</translation>
    </message>
    <message>
        <source>Explorer</source>
        <translation>Explorer</translation>
    </message>
    <message>
        <source>&amp;Settings...</source>
        <translation>&amp;Einstellungen...</translation>
    </message>
    <message>
        <source>node not running</source>
        <translation>Knoten läuft nicht</translation>
    </message>
    <message>
        <source>Use another data folder...</source>
        <translation>Anderen Datenordner verwenden …</translation>
    </message>
    <message>
        <source>Choose a data folder for this MiniBitcoin</source>
        <translation>Datenordner für dieses MiniBitcoin wählen</translation>
    </message>
    <message>
        <source>&amp;Back up the wallet...</source>
        <translation>Wallet &amp;sichern...</translation>
    </message>
    <message>
        <source>&amp;Restore a wallet...</source>
        <translation>Wallet &amp;wiederherstellen...</translation>
    </message>
    <message>
        <source>Validation</source>
        <translation>Validierung</translation>
    </message>
    <message>
        <source>Console</source>
        <translation>Konsole</translation>
    </message>
    <message>
        <source>Set the damaged database aside</source>
        <translation>Beschädigte Datenbank beiseitelegen</translation>
    </message>
    <message>
        <source>The damaged database was not set aside: %1</source>
        <translation>Die beschädigte Datenbank wurde nicht beiseitegelegt: %1</translation>
    </message>
</context>
<context>
    <name>mbc::ui::MempoolTableModel</name>
    <message>
        <source>Txid</source>
        <translation>Txid</translation>
    </message>
    <message>
        <source>Fee (coins)</source>
        <translation>Gebühr (Coins)</translation>
    </message>
    <message>
        <source>Size (bytes)</source>
        <translation>Größe (Bytes)</translation>
    </message>
    <message>
        <source>Fee rate (units/byte)</source>
        <translation>Gebührenrate (Einheiten/Byte)</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Empfangen</translation>
    </message>
</context>
<context>
    <name>mbc::ui::MiningPage</name>
    <message>
        <source>Mining</source>
        <translation>Mining</translation>
    </message>
    <message>
        <source>Reward to:</source>
        <translation>Belohnung an:</translation>
    </message>
    <message>
        <source>address: 40 hex digits (a pubkey hash)</source>
        <translation>Adresse: 40 Hex-Ziffern (ein Pubkey-Hash)</translation>
    </message>
    <message>
        <source>Threads:</source>
        <translation>Threads:</translation>
    </message>
    <message>
        <source>Mine one block</source>
        <translation>Einen Block minen</translation>
    </message>
    <message>
        <source>Hash rate over the last two minutes</source>
        <translation>Hashrate der letzten zwei Minuten</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>Sekunden</translation>
    </message>
    <message>
        <source>MH/s</source>
        <translation>MH/s</translation>
    </message>
    <message>
        <source>Stop mining</source>
        <translation>Mining stoppen</translation>
    </message>
    <message>
        <source>Start mining</source>
        <translation>Mining starten</translation>
    </message>
    <message>
        <source>Hash rate: %1</source>
        <translation>Hashrate: %1</translation>
    </message>
    <message>
        <source>Target of the next block: %1</source>
        <translation>Ziel des nächsten Blocks: %1</translation>
    </message>
    <message>
        <source>Expected time per block at this rate: %1 s</source>
        <translation>Erwartete Zeit pro Block bei dieser Rate: %1 s</translation>
    </message>
    <message>
        <source>Expected nonces per block: %1</source>
        <translation>Erwartete Nonces pro Block: %1</translation>
    </message>
    <message>
        <source>Blocks this node found: %1</source>
        <translation>Von diesem Knoten gefundene Blöcke: %1</translation>
    </message>
    <message>
        <source>Enter the address that receives the reward: 40 hex digits (a pubkey hash).</source>
        <translation>Geben Sie die Adresse ein, die die Belohnung erhält: 40 Hex-Ziffern (ein Pubkey-Hash).</translation>
    </message>
    <message>
        <source>Mining a block...</source>
        <translation>Ein Block wird gemint...</translation>
    </message>
    <message>
        <source>Mined block %1 at height %2 in %3 s.</source>
        <translation>Block %1 auf Höhe %2 in %3 s gemint.</translation>
    </message>
    <message>
        <source>No block: %1</source>
        <translation>Kein Block: %1</translation>
    </message>
    <message>
        <source>Mining stopped.</source>
        <translation>Mining gestoppt.</translation>
    </message>
    <message numerus="yes">
        <source>Mining on %n thread(s) until you stop it.</source>
        <translation>
            <numerusform>Mining auf %n Thread, bis Sie es stoppen.</numerusform>
            <numerusform>Mining auf %n Threads, bis Sie es stoppen.</numerusform>
        </translation>
    </message>
    <message>
        <source>kH/s</source>
        <translation>kH/s</translation>
    </message>
    <message>
        <source>H/s</source>
        <translation>H/s</translation>
    </message>
    <message>
        <source>The wallet has no address yet</source>
        <translation>Die Wallet hat noch keine Adresse</translation>
    </message>
    <message>
        <source>Wallet</source>
        <translation>Wallet</translation>
    </message>
    <message>
        <source>One of the wallet&apos;s addresses</source>
        <translation>Eine der Adressen der Wallet</translation>
    </message>
    <message>
        <source>Mine</source>
        <translation>Minen</translation>
    </message>
    <message>
        <source>Next block</source>
        <translation>Nächster Block</translation>
    </message>
    <message>
        <source>Difficulty</source>
        <translation>Schwierigkeit</translation>
    </message>
</context>
<context>
    <name>mbc::ui::NetworkPage</name>
    <message>
        <source>Network</source>
        <translation>Netzwerk</translation>
    </message>
    <message>
        <source>Peers</source>
        <translation>Peers</translation>
    </message>
    <message>
        <source>http://host:port of another node</source>
        <translation>http://host:port eines anderen Knotens</translation>
    </message>
    <message>
        <source>Add peer</source>
        <translation>Peer hinzufügen</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Jetzt synchronisieren</translation>
    </message>
    <message>
        <source>Mempool</source>
        <translation>Mempool</translation>
    </message>
    <message>
        <source>height</source>
        <translation>Höhe</translation>
    </message>
    <message>
        <source>%1 is not a node&apos;s address: use http://host:port</source>
        <translation>%1 ist keine Knotenadresse: verwenden Sie http://host:port</translation>
    </message>
    <message>
        <source>Added %1; it was told how to reach this node.</source>
        <translation>%1 hinzugefügt; ihm wurde mitgeteilt, wie dieser Knoten erreichbar ist.</translation>
    </message>
    <message>
        <source>Select a peer first.</source>
        <translation>Wählen Sie zuerst einen Peer.</translation>
    </message>
    <message>
        <source>Removed %1.</source>
        <translation>%1 entfernt.</translation>
    </message>
    <message>
        <source>Add a peer first: there is nobody to sync from.</source>
        <translation>Fügen Sie zuerst einen Peer hinzu: es gibt niemanden, von dem synchronisiert werden kann.</translation>
    </message>
    <message>
        <source>Syncing from %1...</source>
        <translation>Synchronisiere von %1...</translation>
    </message>
    <message>
        <source>Chain work (expected hashes to redo the chain) over height</source>
        <translation>Chain-Arbeit (erwartete Hashes, um die Chain neu zu erzeugen) über der Höhe</translation>
    </message>
    <message>
        <source>hashes</source>
        <translation>Hashes</translation>
    </message>
    <message numerus="yes">
        <source>Synced with %1: %n block(s) received; height %2.</source>
        <translation>
            <numerusform>Mit %1 synchronisiert: %n Block empfangen; Höhe %2.</numerusform>
            <numerusform>Mit %1 synchronisiert: %n Blöcke empfangen; Höhe %2.</numerusform>
        </translation>
    </message>
    <message>
        <source>Sync with %1 failed: %2</source>
        <translation>Synchronisierung mit %1 fehlgeschlagen: %2</translation>
    </message>
</context>
<context>
    <name>mbc::ui::NextBlockModel</name>
    <message>
        <source>Txid</source>
        <translation>Txid</translation>
    </message>
    <message>
        <source>Fee rate (units/byte)</source>
        <translation>Gebührensatz (Einheiten/Byte)</translation>
    </message>
    <message>
        <source>Fee (coins)</source>
        <translation>Gebühr (Coins)</translation>
    </message>
    <message>
        <source>Size (bytes)</source>
        <translation>Größe (Bytes)</translation>
    </message>
    <message>
        <source>Next block</source>
        <translation>Nächster Block</translation>
    </message>
    <message numerus="yes">
        <source>waits: the block is full (%n transaction(s) at most) of higher fee rates</source>
        <translation>
            <numerusform>wartet: Der Block ist voll (höchstens %n Transaktion) mit höheren Gebührensätzen</numerusform>
            <numerusform>wartet: Der Block ist voll (höchstens %n Transaktionen) mit höheren Gebührensätzen</numerusform>
        </translation>
    </message>
    <message>
        <source>waits: too few bytes are left in the block for it</source>
        <translation>wartet: Im Block sind zu wenige Bytes für sie übrig</translation>
    </message>
    <message>
        <source>waits for %1, whose output it spends and which waits too</source>
        <translation>wartet auf %1, deren Ausgabe sie ausgibt und die ebenfalls wartet</translation>
    </message>
    <message>
        <source>goes in, as transaction %1</source>
        <translation>kommt hinein, als Transaktion %1</translation>
    </message>
</context>
<context>
    <name>mbc::ui::NextBlockPanel</name>
    <message>
        <source>in the next block</source>
        <translation>im nächsten Block</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>wartend</translation>
    </message>
    <message>
        <source>The mempool by fee rate</source>
        <translation>Der Mempool nach Gebührensatz</translation>
    </message>
    <message>
        <source>fee rate (units per byte)</source>
        <translation>Gebührensatz (Einheiten pro Byte)</translation>
    </message>
    <message>
        <source>txs</source>
        <translation>Txs</translation>
    </message>
    <message>
        <source>The next block shows once the node runs.</source>
        <translation>Der nächste Block erscheint, sobald der Knoten läuft.</translation>
    </message>
    <message>
        <source>Block %1 would take %2 of the %3 transactions in the mempool (%4 bytes with its coinbase), and its coinbase would claim the reward %5 plus %6 in fees. The node takes the highest fee rates first, a parent before the transactions that spend from it, at most %7 transactions and 1,000,000 bytes; %8 wait.</source>
        <translation>Block %1 nähme %2 der %3 Transaktionen im Mempool auf (%4 Bytes mit seiner Coinbase), und seine Coinbase beanspruchte die Belohnung %5 plus %6 an Gebühren. Der Knoten nimmt die höchsten Gebührensätze zuerst, ein Elternteil vor den Transaktionen, die von ihm ausgeben, höchstens %7 Transaktionen und 1.000.000 Bytes; %8 warten.</translation>
    </message>
</context>
<context>
    <name>mbc::ui::NodeReasons</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>the data ends too early</source>
        <translation>die Daten enden zu früh</translation>
    </message>
    <message>
        <source>there are extra bytes after the data</source>
        <translation>nach den Daten folgen überzählige Bytes</translation>
    </message>
    <message>
        <source>a count in the data is too large</source>
        <translation>eine Anzahl in den Daten ist zu groß</translation>
    </message>
    <message>
        <source>a number in the data is not in its shortest form</source>
        <translation>eine Zahl in den Daten ist nicht in ihrer kürzesten Form</translation>
    </message>
    <message>
        <source>the JSON cannot be read</source>
        <translation>das JSON ist nicht lesbar</translation>
    </message>
    <message>
        <source>a field is missing or has a wrong value</source>
        <translation>ein Feld fehlt oder hat einen falschen Wert</translation>
    </message>
    <message>
        <source>the transaction spends no coins</source>
        <translation>die Transaktion gibt keine Coins aus</translation>
    </message>
    <message>
        <source>the transaction pays nobody</source>
        <translation>die Transaktion zahlt an niemanden</translation>
    </message>
    <message>
        <source>the transaction spends the same coin twice</source>
        <translation>die Transaktion gibt denselben Coin zweimal aus</translation>
    </message>
    <message>
        <source>an output&apos;s amount is negative</source>
        <translation>der Betrag eines Outputs ist negativ</translation>
    </message>
    <message>
        <source>an output&apos;s amount is larger than all coins there can be</source>
        <translation>der Betrag eines Outputs übersteigt alle Coins, die es geben kann</translation>
    </message>
    <message>
        <source>the outputs together are larger than all coins there can be</source>
        <translation>die Outputs zusammen übersteigen alle Coins, die es geben kann</translation>
    </message>
    <message>
        <source>a coinbase transaction can only be the first of a block</source>
        <translation>eine Coinbase-Transaktion kann nur die erste eines Blocks sein</translation>
    </message>
    <message>
        <source>an input names no coin</source>
        <translation>ein Input nennt keinen Coin</translation>
    </message>
    <message>
        <source>the transaction is too large</source>
        <translation>die Transaktion ist zu groß</translation>
    </message>
    <message>
        <source>a coin it spends does not exist or is already spent</source>
        <translation>ein Coin, den sie ausgibt, existiert nicht oder ist schon ausgegeben</translation>
    </message>
    <message>
        <source>a transaction waiting in the mempool already spends one of its coins</source>
        <translation>eine Transaktion im Mempool gibt schon einen ihrer Coins aus</translation>
    </message>
    <message>
        <source>an input&apos;s public key is not valid</source>
        <translation>der öffentliche Schlüssel eines Inputs ist ungültig</translation>
    </message>
    <message>
        <source>an input&apos;s public key does not own the coin it spends</source>
        <translation>der öffentliche Schlüssel eines Inputs besitzt den ausgegebenen Coin nicht</translation>
    </message>
    <message>
        <source>a signature is not valid</source>
        <translation>eine Signatur ist ungültig</translation>
    </message>
    <message>
        <source>the coins it spends add up to more than all coins there can be</source>
        <translation>die ausgegebenen Coins übersteigen zusammen alle Coins, die es geben kann</translation>
    </message>
    <message>
        <source>it pays out more than the coins it spends</source>
        <translation>sie zahlt mehr aus, als die ausgegebenen Coins wert sind</translation>
    </message>
    <message>
        <source>the block&apos;s parent is unknown</source>
        <translation>der Vorgänger des Blocks ist unbekannt</translation>
    </message>
    <message>
        <source>the block builds on a block that is not valid</source>
        <translation>der Block baut auf einem ungültigen Block auf</translation>
    </message>
    <message>
        <source>the block&apos;s target is not the one required at its height</source>
        <translation>das Ziel des Blocks ist nicht das auf seiner Höhe geforderte</translation>
    </message>
    <message>
        <source>the block&apos;s hash is above its target (not enough proof of work)</source>
        <translation>der Hash des Blocks liegt über seinem Ziel (zu wenig Proof of Work)</translation>
    </message>
    <message>
        <source>the block&apos;s time is too far in the future</source>
        <translation>die Zeit des Blocks liegt zu weit in der Zukunft</translation>
    </message>
    <message>
        <source>the block&apos;s time is too early</source>
        <translation>die Zeit des Blocks ist zu früh</translation>
    </message>
    <message>
        <source>the block has too many transactions or bytes</source>
        <translation>der Block hat zu viele Transaktionen oder Bytes</translation>
    </message>
    <message>
        <source>the block does not start with a coinbase transaction</source>
        <translation>der Block beginnt nicht mit einer Coinbase-Transaktion</translation>
    </message>
    <message>
        <source>the block has more than one coinbase transaction</source>
        <translation>der Block hat mehr als eine Coinbase-Transaktion</translation>
    </message>
    <message>
        <source>the block&apos;s coinbase transaction is malformed</source>
        <translation>die Coinbase-Transaktion des Blocks ist fehlerhaft</translation>
    </message>
    <message>
        <source>the block&apos;s merkle root does not match its transactions</source>
        <translation>die Merkle-Wurzel des Blocks passt nicht zu seinen Transaktionen</translation>
    </message>
    <message>
        <source>the block holds the same transaction twice</source>
        <translation>der Block enthält dieselbe Transaktion zweimal</translation>
    </message>
    <message>
        <source>the block holds a transaction that is already in the chain</source>
        <translation>der Block enthält eine Transaktion, die schon in der Chain ist</translation>
    </message>
    <message>
        <source>two transactions of the block spend the same coin</source>
        <translation>zwei Transaktionen des Blocks geben denselben Coin aus</translation>
    </message>
    <message>
        <source>the block&apos;s fees add up to more than all coins there can be</source>
        <translation>die Gebühren des Blocks übersteigen zusammen alle Coins, die es geben kann</translation>
    </message>
    <message>
        <source>the coinbase pays more than the reward and the fees</source>
        <translation>die Coinbase zahlt mehr als Belohnung und Gebühren</translation>
    </message>
    <message>
        <source>the node already has this block</source>
        <translation>der Knoten hat diesen Block schon</translation>
    </message>
    <message>
        <source>the node already found this block invalid</source>
        <translation>der Knoten hat diesen Block schon als ungültig erkannt</translation>
    </message>
    <message>
        <source>the block builds on a block found invalid</source>
        <translation>der Block baut auf einem als ungültig erkannten Block auf</translation>
    </message>
    <message>
        <source>the block&apos;s parent is not known yet</source>
        <translation>der Vorgänger des Blocks ist noch nicht bekannt</translation>
    </message>
    <message>
        <source>the transaction is already in the mempool</source>
        <translation>die Transaktion ist schon im Mempool</translation>
    </message>
    <message>
        <source>the transaction is already confirmed</source>
        <translation>die Transaktion ist schon bestätigt</translation>
    </message>
    <message>
        <source>the transaction is larger than the mempool accepts</source>
        <translation>die Transaktion ist größer, als der Mempool annimmt</translation>
    </message>
    <message>
        <source>the fee is below the minimum the node relays</source>
        <translation>die Gebühr liegt unter dem Minimum, das der Knoten weiterleitet</translation>
    </message>
    <message>
        <source>the mempool is full of transactions that pay a higher fee per byte</source>
        <translation>der Mempool ist voll mit Transaktionen, die eine höhere Gebühr pro Byte zahlen</translation>
    </message>
    <message>
        <source>the node refused it</source>
        <translation>der Knoten hat sie abgelehnt</translation>
    </message>
    <message>
        <source>%1 is this node&apos;s own address</source>
        <translation>%1 ist die eigene Adresse dieses Knotens</translation>
    </message>
    <message>
        <source>%1 is banned for a while: it sent invalid data</source>
        <translation>%1 ist eine Weile gesperrt: er hat ungültige Daten gesendet</translation>
    </message>
    <message numerus="yes">
        <source>this node already has %n peer(s), its most (MAX_PEERS)</source>
        <translation>
            <numerusform>dieser Knoten hat schon %n Peer, sein Maximum (MAX_PEERS)</numerusform>
            <numerusform>dieser Knoten hat schon %n Peers, sein Maximum (MAX_PEERS)</numerusform>
        </translation>
    </message>
    <message>
        <source>the peer is banned for a while: it sent invalid data</source>
        <translation>der Peer ist eine Weile gesperrt: er hat ungültige Daten gesendet</translation>
    </message>
    <message>
        <source>the peer did not answer (%1)</source>
        <translation>der Peer hat nicht geantwortet (%1)</translation>
    </message>
    <message>
        <source>the peer is not a MiniBitcoin node</source>
        <translation>der Peer ist kein MiniBitcoin-Knoten</translation>
    </message>
    <message>
        <source>the peer is on another network (%1)</source>
        <translation>der Peer ist in einem anderen Netzwerk (%1)</translation>
    </message>
    <message>
        <source>the peer sent data that cannot be read: %1</source>
        <translation>der Peer hat unlesbare Daten gesendet: %1</translation>
    </message>
    <message>
        <source>the peer sent an invalid block: %1</source>
        <translation>der Peer hat einen ungültigen Block gesendet: %1</translation>
    </message>
    <message>
        <source>the peer sent a block that does not connect to the chain</source>
        <translation>der Peer hat einen Block gesendet, der nicht an die Chain anschließt</translation>
    </message>
    <message>
        <source>%1 leads to an address this node does not connect to (%2)</source>
        <translation>%1 führt zu einer Adresse, mit der sich dieser Knoten nicht verbindet (%2)</translation>
    </message>
    <message>
        <source>%1 is not on the host that announced it (%2)</source>
        <translation>%1 liegt nicht auf dem Host, der die Adresse angekündigt hat (%2)</translation>
    </message>
    <message>
        <source>the peer served only blocks this node has, though its headers promised more</source>
        <translation>der Peer hat nur Blöcke geliefert, die dieser Knoten schon hat, obwohl seine Header mehr versprachen</translation>
    </message>
    <message>
        <source>too many syncs are waiting already; try again later</source>
        <translation>es warten schon zu viele Synchronisierungen; versuchen Sie es später noch einmal</translation>
    </message>
    <message>
        <source>the sync did not finish</source>
        <translation>die Synchronisierung wurde nicht beendet</translation>
    </message>
    <message>
        <source>mining was stopped through the REST API</source>
        <translation>das Mining wurde über die REST-API gestoppt</translation>
    </message>
    <message>
        <source>the node is shutting down</source>
        <translation>der Knoten wird beendet</translation>
    </message>
    <message>
        <source>mining was stopped</source>
        <translation>das Mining wurde gestoppt</translation>
    </message>
    <message>
        <source>the data folder %1 cannot be created or written; choose another in Settings</source>
        <translation>der Datenordner %1 kann nicht angelegt oder beschrieben werden; wählen Sie in den Einstellungen einen anderen</translation>
    </message>
    <message>
        <source>the data folder %1 is in use by another MiniBitcoin (process %2); close it, or choose another data folder in Settings</source>
        <translation>der Datenordner %1 wird von einem anderen MiniBitcoin benutzt (Prozess %2); beenden Sie es, oder wählen Sie in den Einstellungen einen anderen Datenordner</translation>
    </message>
    <message>
        <source>the database URL is not of the form postgresql://user:password@host:port/name; fix it in Settings or DATABASE_URL</source>
        <translation>die Datenbank-URL hat nicht die Form postgresql://benutzer:passwort@host:port/name; korrigieren Sie sie in den Einstellungen oder in DATABASE_URL</translation>
    </message>
    <message>
        <source>the database driver is not installed: install the Debian package %1</source>
        <translation>der Datenbanktreiber ist nicht installiert: installieren Sie das Debian-Paket %1</translation>
    </message>
    <message>
        <source>the database %1 cannot be opened (%2)</source>
        <translation>die Datenbank %1 kann nicht geöffnet werden (%2)</translation>
    </message>
    <message>
        <source>the database %1 was written by a newer MiniBitcoin; upgrade, or choose another data folder or database</source>
        <translation>die Datenbank %1 wurde von einem neueren MiniBitcoin geschrieben; aktualisieren Sie, oder wählen Sie einen anderen Datenordner oder eine andere Datenbank</translation>
    </message>
    <message>
        <source>the database %1 holds the chain of another network (%2); choose that network, or another data folder or database</source>
        <translation>die Datenbank %1 enthält die Chain eines anderen Netzwerks (%2); wählen Sie dieses Netzwerk, oder einen anderen Datenordner oder eine andere Datenbank</translation>
    </message>
    <message>
        <source>the node cannot listen on %1 (%2); choose another REST port in Settings</source>
        <translation>der Knoten kann nicht auf %1 lauschen (%2); wählen Sie in den Einstellungen einen anderen REST-Port</translation>
    </message>
    <message>
        <source>the database failed (%1)</source>
        <translation>die Datenbank ist ausgefallen (%1)</translation>
    </message>
    <message>
        <source>the database %1 failed (%2)</source>
        <translation>die Datenbank %1 ist ausgefallen (%2)</translation>
    </message>
    <message>
        <source>the block is on a branch too far behind the chain to keep</source>
        <translation>der Block liegt auf einem Zweig, der zu weit hinter der Kette liegt, um ihn aufzubewahren</translation>
    </message>
    <message>
        <source>the block&apos;s parent is unknown and its target is easier than the network allows at its start</source>
        <translation>der Vorgänger des Blocks ist unbekannt und sein Ziel ist leichter, als das Netz es zu Beginn erlaubt</translation>
    </message>
    <message>
        <source>the database failed while the node took a mined block</source>
        <translation>die Datenbank ist ausgefallen, während der Knoten einen geschürften Block übernahm</translation>
    </message>
    <message>
        <source>this node&apos;s database failed or is unavailable (%1); the node syncs again once it works</source>
        <translation>die Datenbank dieses Knotens ist ausgefallen oder nicht erreichbar (%1); der Knoten synchronisiert wieder, sobald sie funktioniert</translation>
    </message>
    <message>
        <source>the database is unavailable; mining goes on once it is back</source>
        <translation>die Datenbank ist nicht erreichbar; das Mining geht weiter, sobald sie zurück ist</translation>
    </message>
    <message>
        <source>%1 is not safe to use: it belongs to another user, is a link, or others can change or read it; choose another data folder in Settings</source>
        <translation>%1 ist nicht sicher: es gehört einem anderen Benutzer, ist ein Link, oder andere können es ändern oder lesen; wählen Sie in den Einstellungen einen anderen Datenordner</translation>
    </message>
    <message>
        <source>the database %1 is damaged (%2); restore it from a backup, or set it aside and start again: the node then syncs the chain again from its peers (the wallet, kept apart, is not touched)</source>
        <translation>die Datenbank %1 ist beschädigt (%2); stellen Sie sie aus einer Sicherung wieder her, oder legen Sie sie beiseite und starten Sie neu: der Knoten synchronisiert die Chain dann erneut von seinen Peers (die Wallet, getrennt aufbewahrt, bleibt unberührt)</translation>
    </message>
</context>
<context>
    <name>mbc::ui::Notifier</name>
    <message>
        <source>Block found</source>
        <translation>Block gefunden</translation>
    </message>
    <message>
        <source>This node mined block %1.</source>
        <translation>Dieser Knoten hat Block %1 gemint.</translation>
    </message>
    <message>
        <source>Payment received</source>
        <translation>Zahlung empfangen</translation>
    </message>
    <message>
        <source>%1 coins reached the wallet (transaction %2).</source>
        <translation>%1 Coins sind in der Wallet eingegangen (Transaktion %2).</translation>
    </message>
    <message>
        <source>Payment request paid</source>
        <translation>Zahlungsanforderung bezahlt</translation>
    </message>
    <message>
        <source>The request &quot;%1&quot; for %2 was paid.</source>
        <translation>Die Anforderung „%1“ über %2 wurde bezahlt.</translation>
    </message>
    <message>
        <source>%1 coins</source>
        <translation>%1 Coins</translation>
    </message>
    <message>
        <source>any amount</source>
        <translation>einen beliebigen Betrag</translation>
    </message>
</context>
<context>
    <name>mbc::ui::OverviewPage</name>
    <message>
        <source>Overview</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Network:</source>
        <translation>Netzwerk:</translation>
    </message>
    <message>
        <source>Height:</source>
        <translation>Höhe:</translation>
    </message>
    <message>
        <source>Tip:</source>
        <translation>Spitze:</translation>
    </message>
    <message>
        <source>Peers:</source>
        <translation>Peers:</translation>
    </message>
    <message>
        <source>Mempool:</source>
        <translation>Mempool:</translation>
    </message>
    <message>
        <source>Sync:</source>
        <translation>Synchronisierung:</translation>
    </message>
    <message>
        <source>Mining:</source>
        <translation>Mining:</translation>
    </message>
    <message>
        <source>REST API:</source>
        <translation>REST-API:</translation>
    </message>
    <message>
        <source>The node did not start: %1</source>
        <translation>Der Knoten ist nicht gestartet: %1</translation>
    </message>
    <message>
        <source>Starting the node...</source>
        <translation>Der Knoten startet...</translation>
    </message>
    <message>
        <source>This chain is empty. Mine the genesis block: open Mining, enter the address that receives the reward, and press &quot;Mine one block&quot;.</source>
        <translation>Diese Chain ist leer. Minen Sie den Genesis-Block: Öffnen Sie Mining, geben Sie die Adresse ein, die die Belohnung erhält, und drücken Sie „Einen Block minen“.</translation>
    </message>
    <message>
        <source>no blocks yet</source>
        <translation>noch keine Blöcke</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message numerus="yes">
        <source>%n transaction(s)</source>
        <translation>
            <numerusform>%n Transaktion</numerusform>
            <numerusform>%n Transaktionen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mbc::ui::PeerTableModel</name>
    <message>
        <source>active</source>
        <translation>aktiv</translation>
    </message>
    <message>
        <source>banned for sending invalid data</source>
        <translation>gesperrt wegen ungültiger Daten</translation>
    </message>
    <message>
        <source>unreachable, retry in %1 s</source>
        <translation>nicht erreichbar, neuer Versuch in %1 s</translation>
    </message>
    <message>
        <source>unreachable, retrying</source>
        <translation>nicht erreichbar, neuer Versuch läuft</translation>
    </message>
    <message>
        <source>not reached yet</source>
        <translation>noch nicht erreicht</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Failures</source>
        <translation>Fehlschläge</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>Zuletzt gesehen</translation>
    </message>
</context>
<context>
    <name>mbc::ui::ReceiveTab</name>
    <message>
        <source>Copied the payment link to the clipboard.</source>
        <translation>Zahlungslink in die Zwischenablage kopiert.</translation>
    </message>
    <message>
        <source>Copied %1 to the clipboard.</source>
        <translation>%1 in die Zwischenablage kopiert.</translation>
    </message>
    <message>
        <source>Amount (coins):</source>
        <translation>Betrag (Coins):</translation>
    </message>
    <message>
        <source>optional: any amount if empty</source>
        <translation>optional: leer für einen beliebigen Betrag</translation>
    </message>
    <message>
        <source>Label:</source>
        <translation>Bezeichnung:</translation>
    </message>
    <message>
        <source>who pays, or what for (kept in your wallet)</source>
        <translation>wer zahlt oder wofür (bleibt in Ihrer Wallet)</translation>
    </message>
    <message>
        <source>Message:</source>
        <translation>Nachricht:</translation>
    </message>
    <message>
        <source>shown to the payer</source>
        <translation>wird dem Zahler angezeigt</translation>
    </message>
    <message>
        <source>Create a payment request</source>
        <translation>Zahlungsanforderung erstellen</translation>
    </message>
    <message>
        <source>Copy link</source>
        <translation>Link kopieren</translation>
    </message>
    <message>
        <source>Copy address</source>
        <translation>Adresse kopieren</translation>
    </message>
    <message>
        <source>The amount must be a number of coins above zero, with at most 8 decimals, or empty for any amount.</source>
        <translation>Der Betrag muss eine Anzahl Coins über null sein, mit höchstens 8 Nachkommastellen, oder leer für einen beliebigen Betrag.</translation>
    </message>
    <message>
        <source>Request created on a new address: give the payer the link or the QR code.</source>
        <translation>Anforderung an einer neuen Adresse erstellt: Geben Sie dem Zahler den Link oder den QR-Code.</translation>
    </message>
    <message>
        <source>Too long for a QR code: shorten the label or the message.</source>
        <translation>Zu lang für einen QR-Code: kürzen Sie die Bezeichnung oder die Nachricht.</translation>
    </message>
</context>
<context>
    <name>mbc::ui::RequestTableModel</name>
    <message>
        <source>any</source>
        <translation>beliebig</translation>
    </message>
    <message>
        <source>paid</source>
        <translation>bezahlt</translation>
    </message>
    <message>
        <source>paid, unconfirmed</source>
        <translation>bezahlt, unbestätigt</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>wartet</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Bezeichnung</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
</context>
<context>
    <name>mbc::ui::RuleStepTableModel</name>
    <message>
        <source>pass</source>
        <translation>erfüllt</translation>
    </message>
    <message>
        <source>FAIL</source>
        <translation>VERLETZT</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Regel</translation>
    </message>
    <message>
        <source>Reject code</source>
        <translation>Ablehnungscode</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Wo</translation>
    </message>
</context>
<context>
    <name>mbc::ui::RuleTexts</name>
    <message>
        <source>The block builds on a block this node knows</source>
        <translation>Der Block baut auf einem Block auf, den dieser Knoten kennt</translation>
    </message>
    <message>
        <source>The target is the one the target rule gives at this height</source>
        <translation>Das Ziel ist das, welches die Zielregel auf dieser Höhe vorgibt</translation>
    </message>
    <message>
        <source>The block hash is at most the target (proof of work)</source>
        <translation>Der Block-Hash ist höchstens so groß wie das Ziel (Proof of Work)</translation>
    </message>
    <message>
        <source>The timestamp is at most two hours ahead of the node&apos;s clock</source>
        <translation>Der Zeitstempel liegt höchstens zwei Stunden vor der Uhr des Knotens</translation>
    </message>
    <message>
        <source>The timestamp is after the median time of the last 11 blocks</source>
        <translation>Der Zeitstempel liegt nach dem Median der Zeiten der letzten 11 Blöcke</translation>
    </message>
    <message>
        <source>The block is at most 1,000,000 bytes</source>
        <translation>Der Block ist höchstens 1.000.000 Bytes groß</translation>
    </message>
    <message>
        <source>Exactly one coinbase, and it comes first</source>
        <translation>Genau eine Coinbase, und sie steht an erster Stelle</translation>
    </message>
    <message>
        <source>The coinbase input has no signature and no public key</source>
        <translation>Der Input der Coinbase hat keine Signatur und keinen öffentlichen Schlüssel</translation>
    </message>
    <message>
        <source>The header&apos;s merkle root is the root of the transactions</source>
        <translation>Die Merkle-Wurzel im Header ist die Wurzel der Transaktionen</translation>
    </message>
    <message>
        <source>No transaction appears twice in the block</source>
        <translation>Keine Transaktion kommt im Block zweimal vor</translation>
    </message>
    <message>
        <source>It is not a coinbase (those come only first in a block)</source>
        <translation>Sie ist keine Coinbase (diese stehen nur an erster Stelle eines Blocks)</translation>
    </message>
    <message>
        <source>It spends at least one coin</source>
        <translation>Sie gibt mindestens einen Coin aus</translation>
    </message>
    <message>
        <source>It pays at least one output</source>
        <translation>Sie zahlt an mindestens einen Output</translation>
    </message>
    <message>
        <source>No coin is spent twice by it</source>
        <translation>Sie gibt keinen Coin zweimal aus</translation>
    </message>
    <message>
        <source>Every amount, and their sum, lies between 0 and all coins there can be</source>
        <translation>Jeder Betrag und ihre Summe liegen zwischen 0 und allen Coins, die es geben kann</translation>
    </message>
    <message>
        <source>It is no larger than a block may be</source>
        <translation>Sie ist nicht größer, als ein Block sein darf</translation>
    </message>
    <message>
        <source>No input names the empty coin (only a coinbase may)</source>
        <translation>Kein Input nennt den leeren Coin (das darf nur eine Coinbase)</translation>
    </message>
    <message>
        <source>None of its transactions is already in the chain</source>
        <translation>Keine seiner Transaktionen ist schon in der Chain</translation>
    </message>
    <message>
        <source>No transaction waiting in the mempool spends the same coins</source>
        <translation>Keine Transaktion im Mempool gibt dieselben Coins aus</translation>
    </message>
    <message>
        <source>No coin is spent by two transactions of the block</source>
        <translation>Kein Coin wird von zwei Transaktionen des Blocks ausgegeben</translation>
    </message>
    <message>
        <source>The coin it spends exists and is unspent</source>
        <translation>Der Coin, den der Input ausgibt, existiert und ist noch nicht ausgegeben</translation>
    </message>
    <message>
        <source>The public key is a 33-byte compressed key</source>
        <translation>Der öffentliche Schlüssel ist ein komprimierter 33-Byte-Schlüssel</translation>
    </message>
    <message>
        <source>The public key hashes to the address the coin is locked to</source>
        <translation>Der Hash des öffentlichen Schlüssels ist die Adresse, an die der Coin gebunden ist</translation>
    </message>
    <message>
        <source>The signature over the sighash is valid for the public key</source>
        <translation>Die Signatur über den sighash ist für den öffentlichen Schlüssel gültig</translation>
    </message>
    <message>
        <source>The coins it spends add up within the money range</source>
        <translation>Die ausgegebenen Coins summieren sich im zulässigen Geldbereich</translation>
    </message>
    <message>
        <source>The inputs cover the outputs (the rest is the fee)</source>
        <translation>Die Inputs decken die Outputs (der Rest ist die Gebühr)</translation>
    </message>
    <message>
        <source>The block&apos;s fees add up within the money range</source>
        <translation>Die Gebühren des Blocks summieren sich im zulässigen Geldbereich</translation>
    </message>
    <message>
        <source>The coinbase pays at most the block reward plus the fees</source>
        <translation>Die Coinbase zahlt höchstens die Blockbelohnung plus die Gebühren</translation>
    </message>
    <message>
        <source>transaction %1, input %2</source>
        <translation>Transaktion %1, Input %2</translation>
    </message>
    <message>
        <source>transaction %1</source>
        <translation>Transaktion %1</translation>
    </message>
    <message>
        <source>input %1</source>
        <translation>Input %1</translation>
    </message>
    <message>
        <source>previous block (prev_hash)</source>
        <translation>Vorheriger Block (prev_hash)</translation>
    </message>
    <message>
        <source>parent found</source>
        <translation>Gefundener Vorgänger</translation>
    </message>
    <message>
        <source>parent&apos;s height</source>
        <translation>Höhe des Vorgängers</translation>
    </message>
    <message>
        <source>height</source>
        <translation>Höhe</translation>
    </message>
    <message>
        <source>target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>target the rule gives</source>
        <translation>Ziel laut Regel</translation>
    </message>
    <message>
        <source>parent&apos;s target</source>
        <translation>Ziel des Vorgängers</translation>
    </message>
    <message>
        <source>retarget at this height</source>
        <translation>Zielanpassung auf dieser Höhe</translation>
    </message>
    <message>
        <source>time the last 9 blocks took (s)</source>
        <translation>Dauer der letzten 9 Blöcke (s)</translation>
    </message>
    <message>
        <source>that time, clamped (s)</source>
        <translation>Diese Dauer, begrenzt (s)</translation>
    </message>
    <message>
        <source>time they should take (s)</source>
        <translation>Dauer, die sie brauchen sollten (s)</translation>
    </message>
    <message>
        <source>block hash</source>
        <translation>Block-Hash</translation>
    </message>
    <message>
        <source>nonce</source>
        <translation>Nonce</translation>
    </message>
    <message>
        <source>timestamp</source>
        <translation>Zeitstempel</translation>
    </message>
    <message>
        <source>node&apos;s clock</source>
        <translation>Uhr des Knotens</translation>
    </message>
    <message>
        <source>allowed lead (s)</source>
        <translation>Erlaubter Vorlauf (s)</translation>
    </message>
    <message>
        <source>latest allowed</source>
        <translation>Späteste erlaubte Zeit</translation>
    </message>
    <message>
        <source>median time past</source>
        <translation>Median der früheren Zeitstempel</translation>
    </message>
    <message>
        <source>blocks in the median</source>
        <translation>Blöcke im Median</translation>
    </message>
    <message>
        <source>size (bytes)</source>
        <translation>Größe (Bytes)</translation>
    </message>
    <message>
        <source>limit (bytes)</source>
        <translation>Grenze (Bytes)</translation>
    </message>
    <message>
        <source>transactions</source>
        <translation>Transaktionen</translation>
    </message>
    <message>
        <source>signature bytes</source>
        <translation>Signatur-Bytes</translation>
    </message>
    <message>
        <source>public key bytes</source>
        <translation>Bytes des öffentlichen Schlüssels</translation>
    </message>
    <message>
        <source>merkle root in the header</source>
        <translation>Merkle-Wurzel im Header</translation>
    </message>
    <message>
        <source>merkle root of the transactions</source>
        <translation>Merkle-Wurzel der Transaktionen</translation>
    </message>
    <message>
        <source>txids</source>
        <translation>txids</translation>
    </message>
    <message>
        <source>inputs</source>
        <translation>Inputs</translation>
    </message>
    <message>
        <source>outputs</source>
        <translation>Outputs</translation>
    </message>
    <message>
        <source>outputs total</source>
        <translation>Summe der Outputs</translation>
    </message>
    <message>
        <source>inputs total</source>
        <translation>Summe der Inputs</translation>
    </message>
    <message>
        <source>all coins there can be</source>
        <translation>Alle Coins, die es geben kann</translation>
    </message>
    <message>
        <source>coin spent (txid:output)</source>
        <translation>Ausgegebener Coin (txid:Output)</translation>
    </message>
    <message>
        <source>amount</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <source>locked to (pubkey hash)</source>
        <translation>Gebunden an (Pubkey-Hash)</translation>
    </message>
    <message>
        <source>created at height</source>
        <translation>Erzeugt auf Höhe</translation>
    </message>
    <message>
        <source>from a coinbase</source>
        <translation>Aus einer Coinbase</translation>
    </message>
    <message>
        <source>public key</source>
        <translation>Öffentlicher Schlüssel</translation>
    </message>
    <message>
        <source>hash160 of the public key</source>
        <translation>hash160 des öffentlichen Schlüssels</translation>
    </message>
    <message>
        <source>sighash (what was signed)</source>
        <translation>sighash (was signiert wurde)</translation>
    </message>
    <message>
        <source>signature</source>
        <translation>Signatur</translation>
    </message>
    <message>
        <source>fee</source>
        <translation>Gebühr</translation>
    </message>
    <message>
        <source>fees</source>
        <translation>Gebühren</translation>
    </message>
    <message>
        <source>fees so far</source>
        <translation>Bisherige Gebühren</translation>
    </message>
    <message>
        <source>coinbase pays</source>
        <translation>Coinbase zahlt</translation>
    </message>
    <message>
        <source>block reward</source>
        <translation>Blockbelohnung</translation>
    </message>
    <message>
        <source>allowed (reward + fees)</source>
        <translation>Erlaubt (Belohnung + Gebühren)</translation>
    </message>
    <message>
        <source>%1 coins</source>
        <translation>%1 Coins</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>header</source>
        <translation>Header</translation>
    </message>
    <message>
        <source>block</source>
        <translation>Block</translation>
    </message>
    <message>
        <source>transaction</source>
        <translation>Transaktion</translation>
    </message>
</context>
<context>
    <name>mbc::ui::SendForm</name>
    <message>
        <source>the node&apos;s estimate: %1</source>
        <translation>Schätzung des Knotens: %1</translation>
    </message>
    <message>
        <source>To address:</source>
        <translation>An Adresse:</translation>
    </message>
    <message>
        <source>40 hex digits</source>
        <translation>40 Hex-Ziffern</translation>
    </message>
    <message>
        <source>Amount (coins):</source>
        <translation>Betrag (Coins):</translation>
    </message>
    <message>
        <source>e.g. 12.5 (up to 8 decimals)</source>
        <translation>z. B. 12.5 (bis zu 8 Nachkommastellen)</translation>
    </message>
    <message>
        <source>Fee (coins):</source>
        <translation>Gebühr (Coins):</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Prüfen</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <source>The amount must be a number of coins above zero, with at most 8 decimals.</source>
        <translation>Der Betrag muss eine Anzahl Coins über null sein, mit höchstens 8 Nachkommastellen.</translation>
    </message>
    <message>
        <source>The fee must be a number of coins, with at most 8 decimals.</source>
        <translation>Die Gebühr muss eine Anzahl Coins sein, mit höchstens 8 Nachkommastellen.</translation>
    </message>
    <message>
        <source>Preparing the payment...</source>
        <translation>Die Zahlung wird vorbereitet...</translation>
    </message>
    <message>
        <source>Sending...</source>
        <translation>Wird gesendet...</translation>
    </message>
    <message>
        <source>The node refused the payment: %1</source>
        <translation>Der Knoten hat die Zahlung abgelehnt: %1</translation>
    </message>
    <message>
        <source>Sent: transaction %1 is in the mempool, pending until a block confirms it.</source>
        <translation>Gesendet: Transaktion %1 ist im Mempool und ausstehend, bis ein Block sie bestätigt.</translation>
    </message>
    <message>
        <source>largest coins first (the fewest inputs)</source>
        <translation>größte Coins zuerst (möglichst wenige Inputs)</translation>
    </message>
    <message>
        <source>Remove this recipient</source>
        <translation>Diesen Empfänger entfernen</translation>
    </message>
    <message>
        <source>Add a recipient</source>
        <translation>Empfänger hinzufügen</translation>
    </message>
    <message>
        <source>%1 (yours)</source>
        <translation>%1 (Ihre)</translation>
    </message>
    <message>
        <source>Coins: the wallet chooses, %1; frozen coins are never spent.</source>
        <translation>Coins: die Wallet wählt, %1; eingefrorene Coins werden nie ausgegeben.</translation>
    </message>
    <message>
        <source>Pay %1 coins to %2.</source>
        <translation>%1 Coins an %2 zahlen.</translation>
    </message>
    <message>
        <source>Fee: %1 coins (%2 bytes).</source>
        <translation>Gebühr: %1 Coins (%2 Bytes).</translation>
    </message>
    <message>
        <source>%1 coins come back as change, to %2.</source>
        <translation>%1 Coins kommen als Wechselgeld zurück, an %2.</translation>
    </message>
    <message>
        <source>Coins spent (chosen by you):</source>
        <translation>Ausgegebene Coins (von Ihnen gewählt):</translation>
    </message>
    <message>
        <source>Coins spent (chosen by the wallet, %1):</source>
        <translation>Ausgegebene Coins (von der Wallet gewählt, %1):</translation>
    </message>
    <message>
        <source>Press Send to confirm.</source>
        <translation>Drücken Sie „Senden“, um zu bestätigen.</translation>
    </message>
    <message>
        <source>Coins: exactly those ticked on the Coins tab (%1, worth %2 coins).</source>
        <translation>Coins: genau die auf dem Tab „Coins“ angehakten (%1, im Wert von %2 Coins).</translation>
    </message>
    <message>
        <source>Label (address book):</source>
        <translation>Bezeichnung (Adressbuch):</translation>
    </message>
    <message>
        <source>optional: who this is</source>
        <translation>optional: wer das ist</translation>
    </message>
    <message>
        <source>Check every rule</source>
        <translation>Alle Regeln prüfen</translation>
    </message>
    <message>
        <source>See the node check this payment rule by rule, without sending it</source>
        <translation>Zusehen, wie der Knoten diese Zahlung Regel für Regel prüft, ohne sie zu senden</translation>
    </message>
</context>
<context>
    <name>mbc::ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>default (main, or as the environment says)</source>
        <translation>Standard (main, oder wie die Umgebung es sagt)</translation>
    </message>
    <message>
        <source>main</source>
        <translation>main</translation>
    </message>
    <message>
        <source>regtest (instant blocks, for demos)</source>
        <translation>regtest (sofortige Blöcke, für Vorführungen)</translation>
    </message>
    <message>
        <source>default: the platform&apos;s app-data folder</source>
        <translation>Standard: der App-Datenordner der Plattform</translation>
    </message>
    <message>
        <source>empty: SQLite in the data folder; or postgresql://...</source>
        <translation>leer: SQLite im Datenordner; oder postgresql://...</translation>
    </message>
    <message>
        <source>default: 127.0.0.1 (0.0.0.0 lets other machines in)</source>
        <translation>Standard: 127.0.0.1 (0.0.0.0 lässt andere Rechner zu)</translation>
    </message>
    <message>
        <source>default (8000)</source>
        <translation>Standard (8000)</translation>
    </message>
    <message>
        <source>http://host:port, comma-separated</source>
        <translation>http://host:port, durch Kommas getrennt</translation>
    </message>
    <message>
        <source>default (all cores)</source>
        <translation>Standard (alle Kerne)</translation>
    </message>
    <message>
        <source>the system&apos;s</source>
        <translation>die des Systems</translation>
    </message>
    <message>
        <source>Network:</source>
        <translation>Netzwerk:</translation>
    </message>
    <message>
        <source>Data folder:</source>
        <translation>Datenordner:</translation>
    </message>
    <message>
        <source>Database URL:</source>
        <translation>Datenbank-URL:</translation>
    </message>
    <message>
        <source>REST bind address:</source>
        <translation>REST-Bind-Adresse:</translation>
    </message>
    <message>
        <source>REST port:</source>
        <translation>REST-Port:</translation>
    </message>
    <message>
        <source>Peers:</source>
        <translation>Peers:</translation>
    </message>
    <message>
        <source>Mining threads:</source>
        <translation>Mining-Threads:</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Sprache:</translation>
    </message>
    <message>
        <source> min</source>
        <translation> Min.</translation>
    </message>
    <message>
        <source>An unlocked wallet locks itself after this long without use.</source>
        <translation>Eine entsperrte Wallet sperrt sich nach so langer Nichtbenutzung selbst.</translation>
    </message>
    <message>
        <source>The language and the wallet&apos;s lock change at once; the node&apos;s settings apply when MiniBitcoin starts again. Flags and environment variables still win over them.</source>
        <translation>Sprache und Wallet-Sperre ändern sich sofort; die Einstellungen des Knotens gelten ab dem nächsten Start von MiniBitcoin. Flags und Umgebungsvariablen haben weiterhin Vorrang.</translation>
    </message>
    <message>
        <source>Lock the wallet after:</source>
        <translation>Wallet sperren nach:</translation>
    </message>
    <message>
        <source>Peers: &quot;%1&quot; is not a node&apos;s address (use http://host:port).</source>
        <translation>Peers: „%1“ ist keine Knotenadresse (verwenden Sie http://host:port).</translation>
    </message>
    <message>
        <source>Database URL: leave it empty for SQLite, or give a postgresql:// URL.</source>
        <translation>Datenbank-URL: für SQLite leer lassen, oder eine postgresql://-URL angeben.</translation>
    </message>
    <message>
        <source>REST bind address: &quot;%1&quot; is not an IP address (try 127.0.0.1, or 0.0.0.0 for every interface).</source>
        <translation>REST-Bind-Adresse: „%1“ ist keine IP-Adresse (etwa 127.0.0.1, oder 0.0.0.0 für alle Schnittstellen).</translation>
    </message>
</context>
<context>
    <name>mbc::ui::ValidationLab</name>
    <message>
        <source>Pay one unit more (first payment, first output)</source>
        <translation>Eine Einheit mehr zahlen (erste Zahlung, erster Output)</translation>
    </message>
    <message>
        <source>Flip one bit of a signature</source>
        <translation>Ein Bit einer Signatur umkehren</translation>
    </message>
    <message>
        <source>Move the timestamp three hours ahead</source>
        <translation>Zeitstempel drei Stunden vorstellen</translation>
    </message>
    <message>
        <source>Move the timestamp a day back</source>
        <translation>Zeitstempel einen Tag zurückstellen</translation>
    </message>
    <message>
        <source>Change the nonce</source>
        <translation>Die Nonce ändern</translation>
    </message>
    <message>
        <source>Halve the target (claim more work)</source>
        <translation>Ziel halbieren (mehr Arbeit vorgeben)</translation>
    </message>
    <message>
        <source>output 0 of transaction %1: %2 -&gt; %3 coins</source>
        <translation>Output 0 von Transaktion %1: %2 -&gt; %3 Coins</translation>
    </message>
    <message>
        <source>input 0 of transaction %1: bit 0 of signature byte 6 flipped</source>
        <translation>Input 0 von Transaktion %1: Bit 0 von Signatur-Byte 6 umgekehrt</translation>
    </message>
    <message>
        <source>timestamp %1 -&gt; %2</source>
        <translation>Zeitstempel %1 -&gt; %2</translation>
    </message>
    <message>
        <source>nonce %1 -&gt; %2: the hash no longer meets the target</source>
        <translation>Nonce %1 -&gt; %2: der Hash erfüllt das Ziel nicht mehr</translation>
    </message>
    <message>
        <source>target %1 -&gt; %2</source>
        <translation>Ziel %1 -&gt; %2</translation>
    </message>
    <message>
        <source>nonce %1 -&gt; %2: every nonce tried meets this target, it is that easy</source>
        <translation>Nonce %1 -&gt; %2: jede versuchte Nonce erfüllt dieses Ziel, so leicht ist es</translation>
    </message>
</context>
<context>
    <name>mbc::ui::ValidationPage</name>
    <message>
        <source>Validation X-ray</source>
        <translation>Validierung im Röntgenblick</translation>
    </message>
    <message>
        <source>Paste a block or a transaction as JSON, or open one from the Explorer: the node checks it as it would check one from a peer, and shows every rule in its order with the values it compared. Then change one field and see which rule catches it. Nothing is stored or sent.</source>
        <translation>Fügen Sie einen Block oder eine Transaktion als JSON ein, oder starten Sie die Prüfung aus dem Explorer: Der Knoten prüft die Daten so, wie er Daten von einem Peer prüfen würde, und zeigt jede Regel der Reihe nach mit den Werten, die er verglichen hat. Ändern Sie dann ein Feld und sehen Sie, welche Regel die Änderung erkennt. Nichts wird gespeichert oder gesendet.</translation>
    </message>
    <message>
        <source>{&quot;header&quot;: {...}, &quot;transactions&quot;: [...]} or {&quot;inputs&quot;: [...], &quot;outputs&quot;: [...]}</source>
        <translation>{&quot;header&quot;: {...}, &quot;transactions&quot;: [...]} oder {&quot;inputs&quot;: [...], &quot;outputs&quot;: [...]}</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Prüfen</translation>
    </message>
    <message>
        <source>Then seal the block again (merkle root, nonce)</source>
        <translation>Den Block danach neu versiegeln (Merkle-Wurzel, Nonce)</translation>
    </message>
    <message>
        <source>As a forger would: recompute the merkle root and look for a nonce, so that the rules behind the proof of work get their turn.</source>
        <translation>Wie ein Fälscher: die Merkle-Wurzel neu berechnen und eine Nonce suchen, damit auch die Regeln hinter dem Proof of Work an die Reihe kommen.</translation>
    </message>
    <message>
        <source>Change and check</source>
        <translation>Ändern und prüfen</translation>
    </message>
    <message>
        <source>Check something first, then change one field of it</source>
        <translation>Erst etwas prüfen, dann ein Feld davon ändern</translation>
    </message>
    <message>
        <source>This node has no such block.</source>
        <translation>Dieser Knoten hat keinen solchen Block.</translation>
    </message>
    <message>
        <source>This node has no such transaction.</source>
        <translation>Dieser Knoten hat keine solche Transaktion.</translation>
    </message>
    <message>
        <source>This is not JSON: %1</source>
        <translation>Das ist kein JSON: %1</translation>
    </message>
    <message>
        <source>This is not a block: %1</source>
        <translation>Das ist kein Block: %1</translation>
    </message>
    <message>
        <source>This is neither a block (header and transactions) nor a transaction: %1</source>
        <translation>Das ist weder ein Block (Header und Transaktionen) noch eine Transaktion: %1</translation>
    </message>
    <message>
        <source>That change does not apply here (a block with no payment has no signature to change).</source>
        <translation>Diese Änderung passt hier nicht (ein Block ohne Zahlung hat keine Signatur, die sich ändern ließe).</translation>
    </message>
    <message>
        <source>; sealed again: new merkle root, nonce %1</source>
        <translation>; neu versiegelt: neue Merkle-Wurzel, Nonce %1</translation>
    </message>
    <message>
        <source>Changed: %1</source>
        <translation>Geändert: %1</translation>
    </message>
    <message>
        <source>Checking...</source>
        <translation>Wird geprüft...</translation>
    </message>
    <message>
        <source>an empty chain (it is a genesis block)</source>
        <translation>eine leere Chain (es ist ein Genesis-Block)</translation>
    </message>
    <message>
        <source>the chain up to height %1, as it was before this block</source>
        <translation>die Chain bis Höhe %1, wie sie vor diesem Block war</translation>
    </message>
    <message>
        <source>the chain&apos;s tip and the transactions waiting in the mempool</source>
        <translation>die Spitze der Chain und die Transaktionen, die im Mempool warten</translation>
    </message>
    <message>
        <source>its block at height %1, as the chain was before it</source>
        <translation>ihren Block auf Höhe %1, wie die Chain vor ihm war</translation>
    </message>
    <message>
        <source>its parent on a side branch: only the header and structure rules (the node keeps the coins of the active chain only)</source>
        <translation>seinen Vorgänger auf einem Nebenzweig: nur die Header- und Strukturregeln (der Knoten speichert nur die Coins der aktiven Chain)</translation>
    </message>
    <message>
        <source>nothing: this node does not know its parent</source>
        <translation>nichts: dieser Knoten kennt seinen Vorgänger nicht</translation>
    </message>
    <message>
        <source>Valid block: all %1 rules checked passed.</source>
        <translation>Gültiger Block: alle %1 geprüften Regeln erfüllt.</translation>
    </message>
    <message>
        <source>Valid transaction: all %1 rules checked passed.</source>
        <translation>Gültige Transaktion: alle %1 geprüften Regeln erfüllt.</translation>
    </message>
    <message>
        <source>Fee: %1 coins.</source>
        <translation>Gebühr: %1 Coins.</translation>
    </message>
    <message>
        <source>Invalid block: %1</source>
        <translation>Ungültiger Block: %1</translation>
    </message>
    <message>
        <source>Invalid transaction: %1</source>
        <translation>Ungültige Transaktion: %1</translation>
    </message>
    <message>
        <source>Checked against %1.</source>
        <translation>Geprüft gegen %1.</translation>
    </message>
    <message>
        <source>(%1 passing rules are not listed.)</source>
        <translation>(%1 erfüllte Regeln sind nicht aufgeführt.)</translation>
    </message>
    <message>
        <source>Dry run: nothing was stored or sent.</source>
        <translation>Probelauf: Es wurde nichts gespeichert oder gesendet.</translation>
    </message>
    <message>
        <source>passed</source>
        <translation>erfüllt</translation>
    </message>
    <message>
        <source>FAILED</source>
        <translation>VERLETZT</translation>
    </message>
    <message>
        <source>; sealed again, but no nonce found in %1 seconds</source>
        <translation>; neu versiegelt, aber in %1 Sekunden keine Nonce gefunden</translation>
    </message>
    <message>
        <source>nothing: it is a genesis block other than this chain&apos;s, so only its header and structure rules apply</source>
        <translation>nichts: es ist ein anderer Genesis-Block als der dieser Chain, daher gelten nur die Regeln für Header und Struktur</translation>
    </message>
    <message>
        <source>The node no longer keeps this refused block (it keeps the last few).</source>
        <translation>Der Knoten hat diesen abgelehnten Block nicht mehr (er behält nur die letzten paar).</translation>
    </message>
</context>
<context>
    <name>mbc::ui::WalletModel</name>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>%1 already exists</source>
        <translation>%1 existiert bereits</translation>
    </message>
    <message>
        <source>choose a passphrase: it protects the private keys</source>
        <translation>wählen Sie eine Passphrase: sie schützt die privaten Schlüssel</translation>
    </message>
    <message>
        <source>there is no wallet yet</source>
        <translation>es gibt noch keine Wallet</translation>
    </message>
    <message>
        <source>%1 is not an address</source>
        <translation>%1 ist keine Adresse</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Bezeichnung</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>Bestätigt</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Ausstehend</translation>
    </message>
    <message>
        <source>the recipient&apos;s address must be 40 hex digits (a pubkey hash)</source>
        <translation>die Adresse des Empfängers muss aus 40 Hex-Ziffern bestehen (ein Pubkey-Hash)</translation>
    </message>
    <message>
        <source>the amount must be more than zero</source>
        <translation>der Betrag muss größer als null sein</translation>
    </message>
    <message>
        <source>wrong passphrase (or the wallet file was changed)</source>
        <translation>falsche Passphrase (oder die Wallet-Datei wurde verändert)</translation>
    </message>
    <message>
        <source>the wallet is locked: unlock it first</source>
        <translation>die Wallet ist gesperrt: entsperren Sie sie zuerst</translation>
    </message>
    <message>
        <source>the wallet already has this key</source>
        <translation>die Wallet hat diesen Schlüssel bereits</translation>
    </message>
    <message>
        <source>a private key is 64 hex digits, a number between 1 and the curve order</source>
        <translation>ein privater Schlüssel besteht aus 64 Hex-Ziffern, einer Zahl zwischen 1 und der Ordnung der Kurve</translation>
    </message>
    <message>
        <source>the wallet has no key for this address</source>
        <translation>die Wallet hat keinen Schlüssel für diese Adresse</translation>
    </message>
    <message>
        <source>the wallet file is damaged or not a MiniBitcoin keystore (%1)</source>
        <translation>die Wallet-Datei ist beschädigt oder kein MiniBitcoin-Schlüsselspeicher (%1)</translation>
    </message>
    <message>
        <source>the address must be 40 hex digits (a pubkey hash)</source>
        <translation>die Adresse muss aus 40 Hex-Ziffern bestehen (ein Pubkey-Hash)</translation>
    </message>
    <message>
        <source>a contact needs a name</source>
        <translation>ein Kontakt braucht einen Namen</translation>
    </message>
    <message>
        <source>choose a contact first</source>
        <translation>wählen Sie zuerst einen Kontakt</translation>
    </message>
    <message>
        <source>add a recipient</source>
        <translation>fügen Sie einen Empfänger hinzu</translation>
    </message>
    <message>
        <source>the coin %1 cannot be spent now: it is frozen, spent, or an unconfirmed payment spends it</source>
        <translation>der Coin %1 kann jetzt nicht ausgegeben werden: er ist eingefroren, ausgegeben, oder eine unbestätigte Zahlung gibt ihn aus</translation>
    </message>
    <message>
        <source>insufficient funds: the %1 %2 coins to spend, the payment needs %3 (amounts and fee)</source>
        <translation>unzureichendes Guthaben: %1 %2 Coins zum Ausgeben, die Zahlung braucht %3 (Beträge und Gebühr)</translation>
    </message>
    <message>
        <source>chosen coins have</source>
        <translation>die gewählten Coins ergeben</translation>
    </message>
    <message>
        <source>wallet has</source>
        <translation>die Wallet hat</translation>
    </message>
    <message>
        <source>a backup goes elsewhere than the wallet file itself</source>
        <translation>eine Sicherung gehört an einen anderen Ort als die Wallet-Datei selbst</translation>
    </message>
    <message>
        <source>choose one of the wallet&apos;s addresses to sign with</source>
        <translation>wählen Sie eine der Adressen der Wallet zum Signieren</translation>
    </message>
    <message>
        <source>the signature is malformed: it is 88 characters of base64, as Sign makes it</source>
        <translation>die Signatur ist fehlerhaft: sie besteht aus 88 base64-Zeichen, wie „Signieren“ sie erzeugt</translation>
    </message>
    <message>
        <source>not valid: this address&apos;s key did not sign this message (or the message differs from the one signed)</source>
        <translation>ungültig: der Schlüssel dieser Adresse hat diese Nachricht nicht signiert (oder die Nachricht weicht von der signierten ab)</translation>
    </message>
    <message>
        <source>request</source>
        <translation>Anforderung</translation>
    </message>
    <message>
        <source>this wallet was made before recovery words: back up its file instead</source>
        <translation>diese Wallet stammt aus der Zeit vor den Wiederherstellungswörtern: sichern Sie stattdessen ihre Datei</translation>
    </message>
    <message>
        <source>recovery words come in 12, 15, 18, 21 or 24; these are %1</source>
        <translation>es gibt 12, 15, 18, 21 oder 24 Wiederherstellungswörter; dies sind %1</translation>
    </message>
    <message>
        <source>word %1, &quot;%2&quot;, is not one of the recovery words&apos; list</source>
        <translation>Wort %1, „%2“, steht nicht in der Liste der Wiederherstellungswörter</translation>
    </message>
    <message>
        <source>these words are all in the list, but their checksum does not match: a word is wrong or out of order</source>
        <translation>diese Wörter stehen alle in der Liste, aber ihre Prüfsumme stimmt nicht: ein Wort ist falsch oder an der falschen Stelle</translation>
    </message>
    <message>
        <source>another MiniBitcoin (the app or minibitcoin-cli) is using %1: close it, then start again</source>
        <translation>ein anderes MiniBitcoin (die App oder minibitcoin-cli) verwendet %1: schließen Sie es und starten Sie dann neu</translation>
    </message>
    <message>
        <source>at most %1 coins can be frozen</source>
        <translation>höchstens %1 Coins können eingefroren werden</translation>
    </message>
    <message>
        <source>the wallet keeps at most %1 requests</source>
        <translation>die Wallet speichert höchstens %1 Zahlungsanforderungen</translation>
    </message>
    <message>
        <source>the node says more addresses of these words were used than any wallet has; check that it is a node you trust</source>
        <translation>der Knoten meldet mehr benutzte Adressen dieser Wörter, als eine Wallet hat; prüfen Sie, ob Sie diesem Knoten vertrauen</translation>
    </message>
    <message>
        <source>the folder %1 (or one above it) belongs to another user, or others can change it, so its wallet is not opened; choose another data folder in Settings</source>
        <translation>der Ordner %1 (oder einer darüber) gehört einem anderen Benutzer, oder andere können ihn ändern, daher wird seine Wallet nicht geöffnet; wählen Sie in den Einstellungen einen anderen Datenordner</translation>
    </message>
</context>
<context>
    <name>mbc::ui::WalletPage</name>
    <message>
        <source>Wallet</source>
        <translation>Wallet</translation>
    </message>
    <message>
        <source>passphrase</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <source>label of a new address</source>
        <translation>Bezeichnung einer neuen Adresse</translation>
    </message>
    <message>
        <source>New address</source>
        <translation>Neue Adresse</translation>
    </message>
    <message>
        <source>private key to import (64 hex digits)</source>
        <translation>zu importierender privater Schlüssel (64 Hex-Ziffern)</translation>
    </message>
    <message>
        <source>Import key</source>
        <translation>Schlüssel importieren</translation>
    </message>
    <message>
        <source>Copy address</source>
        <translation>Adresse kopieren</translation>
    </message>
    <message>
        <source>Mine to this address</source>
        <translation>An diese Adresse minen</translation>
    </message>
    <message>
        <source>I understand that anyone who sees a private key can spend its coins</source>
        <translation>Mir ist klar, dass jeder, der einen privaten Schlüssel sieht, seine Coins ausgeben kann</translation>
    </message>
    <message>
        <source>Show private key</source>
        <translation>Privaten Schlüssel zeigen</translation>
    </message>
    <message>
        <source>The wallet file cannot be used: %1</source>
        <translation>Die Wallet-Datei ist nicht verwendbar: %1</translation>
    </message>
    <message>
        <source>Locked: unlock to add keys or see a private key.</source>
        <translation>Gesperrt: entsperren, um Schlüssel hinzuzufügen oder einen privaten Schlüssel zu sehen.</translation>
    </message>
    <message>
        <source>Unlocked.</source>
        <translation>Entsperrt.</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Entsperren</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>Sperren</translation>
    </message>
    <message>
        <source>Confirmed: %1 coins    Pending: %2 coins</source>
        <translation>Bestätigt: %1 Coins    Ausstehend: %2 Coins</translation>
    </message>
    <message>
        <source>first address</source>
        <translation>erste Adresse</translation>
    </message>
    <message>
        <source>Locked.</source>
        <translation>Gesperrt.</translation>
    </message>
    <message>
        <source>New address %1.</source>
        <translation>Neue Adresse %1.</translation>
    </message>
    <message>
        <source>Key imported: %1.</source>
        <translation>Schlüssel importiert: %1.</translation>
    </message>
    <message>
        <source>Select an address first.</source>
        <translation>Wählen Sie zuerst eine Adresse.</translation>
    </message>
    <message>
        <source>Copied %1 to the clipboard.</source>
        <translation>%1 in die Zwischenablage kopiert.</translation>
    </message>
    <message>
        <source>Tick the warning first: a private key spends its coins.</source>
        <translation>Bestätigen Sie zuerst die Warnung: ein privater Schlüssel gibt seine Coins aus.</translation>
    </message>
    <message>
        <source>Private key of %1: %2</source>
        <translation>Privater Schlüssel von %1: %2</translation>
    </message>
    <message>
        <source>Addresses</source>
        <translation>Adressen</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>Show recovery words</source>
        <translation>Wiederherstellungswörter zeigen</translation>
    </message>
    <message>
        <source>Coins</source>
        <translation>Coins</translation>
    </message>
    <message>
        <source>Receive</source>
        <translation>Empfangen</translation>
    </message>
    <message>
        <source>Backup and signing</source>
        <translation>Sicherung und Signieren</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>Kontakte</translation>
    </message>
    <message>
        <source>Let the wallet choose</source>
        <translation>Die Wallet wählen lassen</translation>
    </message>
    <message>
        <source>Tick coins to spend exactly those on the Send tab; freeze the ones no payment may spend. Unticked, the wallet chooses.</source>
        <translation>Haken Sie Coins an, um im Tab „Senden“ genau diese auszugeben; frieren Sie die ein, die keine Zahlung ausgeben darf. Ohne Haken wählt die Wallet.</translation>
    </message>
    <message>
        <source>This payment link cannot be used: %1.</source>
        <translation>Dieser Zahlungslink ist nicht verwendbar: %1.</translation>
    </message>
    <message>
        <source>Payment request for %1 coins to %2.</source>
        <translation>Zahlungsanforderung über %1 Coins an %2.</translation>
    </message>
    <message>
        <source>any number of</source>
        <translation>beliebig viele</translation>
    </message>
    <message>
        <source>From: %1.</source>
        <translation>Von: %1.</translation>
    </message>
    <message>
        <source>Message: %1</source>
        <translation>Nachricht: %1</translation>
    </message>
    <message>
        <source>Check it, then Review and Send.</source>
        <translation>Kontrollieren Sie sie, dann „Prüfen“ und „Senden“.</translation>
    </message>
    <message>
        <source>First address: %1.</source>
        <translation>Erste Adresse: %1.</translation>
    </message>
    <message>
        <source>Tick the warning first: the recovery words spend every coin.</source>
        <translation>Bestätigen Sie zuerst die Warnung: die Wiederherstellungswörter geben jeden Coin aus.</translation>
    </message>
    <message>
        <source>Recovery words:</source>
        <translation>Wiederherstellungswörter:</translation>
    </message>
    <message>
        <source>Ticked: %1, worth %2 coins. The next payment spends exactly these.</source>
        <translation>Angehakt: %1, im Wert von %2 Coins. Die nächste Zahlung gibt genau diese aus.</translation>
    </message>
    <message>
        <source>There is no wallet to back up yet.</source>
        <translation>Es gibt noch keine Wallet zum Sichern.</translation>
    </message>
    <message>
        <source>A wallet is open here. To restore another, quit, move %1 away, and start again: the Wallet pane then offers to restore from recovery words or a backup file.</source>
        <translation>Hier ist eine Wallet geöffnet. Um eine andere wiederherzustellen, beenden Sie die App, verschieben Sie %1 und starten Sie neu: Der Bereich „Wallet“ bietet dann die Wiederherstellung aus Wiederherstellungswörtern oder einer Sicherungsdatei an.</translation>
    </message>
    <message>
        <source>Type the recovery words, or choose a backup file, with the passphrase.</source>
        <translation>Geben Sie die Wiederherstellungswörter ein oder wählen Sie eine Sicherungsdatei, dazu die Passphrase.</translation>
    </message>
</context>
<context>
    <name>mbc::ui::WalletSetup</name>
    <message>
        <source>Restore a wallet backup</source>
        <translation>Wallet-Sicherung wiederherstellen</translation>
    </message>
    <message>
        <source>Wallet files (*.json)</source>
        <translation>Wallet-Dateien (*.json)</translation>
    </message>
    <message>
        <source>There is no wallet yet. Choose a passphrase: it encrypts the private keys and the recovery words in %1 (scrypt and AES-256-GCM). Without it nobody, you included, can spend from them.</source>
        <translation>Es gibt noch keine Wallet. Wählen Sie eine Passphrase: sie verschlüsselt die privaten Schlüssel und die Wiederherstellungswörter in %1 (scrypt und AES-256-GCM). Ohne sie kann niemand, auch Sie nicht, damit Coins ausgeben.</translation>
    </message>
    <message>
        <source>Passphrase:</source>
        <translation>Passphrase:</translation>
    </message>
    <message>
        <source>Repeat it:</source>
        <translation>Wiederholen:</translation>
    </message>
    <message>
        <source>12 recovery words</source>
        <translation>12 Wiederherstellungswörter</translation>
    </message>
    <message>
        <source>24 recovery words</source>
        <translation>24 Wiederherstellungswörter</translation>
    </message>
    <message>
        <source>Create the wallet</source>
        <translation>Wallet anlegen</translation>
    </message>
    <message>
        <source>Or bring back a wallet from its recovery words (the node looks for every address they were used with):</source>
        <translation>Oder stellen Sie eine Wallet aus ihren Wiederherstellungswörtern wieder her (der Knoten sucht jede Adresse, die damit verwendet wurde):</translation>
    </message>
    <message>
        <source>the recovery words, in order</source>
        <translation>die Wiederherstellungswörter, in der richtigen Reihenfolge</translation>
    </message>
    <message>
        <source>Restore from the words</source>
        <translation>Aus den Wörtern wiederherstellen</translation>
    </message>
    <message>
        <source>Restore a backup file…</source>
        <translation>Sicherungsdatei wiederherstellen…</translation>
    </message>
    <message>
        <source>These are the wallet&apos;s recovery words. Write them down, in order, and keep them offline: they are the only way back to the coins if this computer or its wallet file is lost, and anyone who has them can spend the coins. They are shown now; later only for the passphrase.</source>
        <translation>Dies sind die Wiederherstellungswörter der Wallet. Schreiben Sie sie der Reihe nach auf und bewahren Sie sie offline auf: sie sind der einzige Weg zurück zu den Coins, falls dieser Computer oder seine Wallet-Datei verloren geht, und jeder, der sie hat, kann die Coins ausgeben. Sie werden jetzt angezeigt; später nur gegen die Passphrase.</translation>
    </message>
    <message>
        <source>I have written them down</source>
        <translation>Ich habe sie aufgeschrieben</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Type two of the words, to check they were written down well.</source>
        <translation>Geben Sie zwei der Wörter ein, um zu prüfen, ob sie richtig aufgeschrieben wurden.</translation>
    </message>
    <message>
        <source>Word %1:</source>
        <translation>Wort %1:</translation>
    </message>
    <message>
        <source>Confirm and create the wallet</source>
        <translation>Bestätigen und Wallet anlegen</translation>
    </message>
    <message>
        <source>Show the words again</source>
        <translation>Wörter erneut zeigen</translation>
    </message>
    <message>
        <source>Choose a passphrase: it protects the private keys.</source>
        <translation>Wählen Sie eine Passphrase: sie schützt die privaten Schlüssel.</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>Die beiden Passphrasen unterscheiden sich.</translation>
    </message>
    <message>
        <source>A word is not the one shown: look at what you wrote down, or show the words again.</source>
        <translation>Ein Wort stimmt nicht mit dem angezeigten überein: sehen Sie in Ihren Notizen nach, oder lassen Sie sich die Wörter erneut zeigen.</translation>
    </message>
    <message>
        <source>Wallet created. Its recovery words bring it back anywhere.</source>
        <translation>Wallet angelegt. Mit ihren Wiederherstellungswörtern lässt sie sich überall wiederherstellen.</translation>
    </message>
    <message>
        <source>Looking for the wallet&apos;s addresses on the chain…</source>
        <translation>Adressen der Wallet werden in der Chain gesucht…</translation>
    </message>
    <message>
        <source>Wallet restored from its recovery words; addresses found: %1.</source>
        <translation>Wallet aus den Wiederherstellungswörtern wiederhergestellt; gefundene Adressen: %1.</translation>
    </message>
    <message>
        <source>Type the backup&apos;s passphrase (twice) first.</source>
        <translation>Geben Sie zuerst die Passphrase der Sicherung ein (zweimal).</translation>
    </message>
    <message>
        <source>Wallet restored from %1.</source>
        <translation>Wallet aus %1 wiederhergestellt.</translation>
    </message>
</context>
<context>
    <name>mbc::ui::WalletToolsTab</name>
    <message>
        <source>Back up the wallet</source>
        <translation>Wallet sichern</translation>
    </message>
    <message>
        <source>Wallet files (*.json)</source>
        <translation>Wallet-Dateien (*.json)</translation>
    </message>
    <message>
        <source>Backup</source>
        <translation>Sicherung</translation>
    </message>
    <message>
        <source>A copy of the wallet file, its keys sealed with the passphrase as they are. Keep it elsewhere than this computer; the recovery words bring back the keys, a backup also the labels and requests.</source>
        <translation>Eine Kopie der Wallet-Datei, ihre Schlüssel wie bisher mit der Passphrase versiegelt. Bewahren Sie sie nicht auf diesem Computer auf; die Wiederherstellungswörter stellen die Schlüssel wieder her, eine Sicherung auch die Bezeichnungen und Anforderungen.</translation>
    </message>
    <message>
        <source>Back up the wallet to a file…</source>
        <translation>Wallet in eine Datei sichern…</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <source>current passphrase</source>
        <translation>aktuelle Passphrase</translation>
    </message>
    <message>
        <source>new passphrase</source>
        <translation>neue Passphrase</translation>
    </message>
    <message>
        <source>new passphrase again</source>
        <translation>neue Passphrase wiederholen</translation>
    </message>
    <message>
        <source>Change the passphrase</source>
        <translation>Passphrase ändern</translation>
    </message>
    <message>
        <source>Sign a message</source>
        <translation>Nachricht signieren</translation>
    </message>
    <message>
        <source>the message, exactly as the reader will check it</source>
        <translation>die Nachricht, genau so, wie der Leser sie prüfen wird</translation>
    </message>
    <message>
        <source>Sign</source>
        <translation>Signieren</translation>
    </message>
    <message>
        <source>the signature appears here</source>
        <translation>hier erscheint die Signatur</translation>
    </message>
    <message>
        <source>Verify a message</source>
        <translation>Nachricht verifizieren</translation>
    </message>
    <message>
        <source>the signer&apos;s address</source>
        <translation>die Adresse des Unterzeichners</translation>
    </message>
    <message>
        <source>the message</source>
        <translation>die Nachricht</translation>
    </message>
    <message>
        <source>the signature</source>
        <translation>die Signatur</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>Verifizieren</translation>
    </message>
    <message>
        <source>The wallet is backed up in %1.</source>
        <translation>Die Wallet ist in %1 gesichert.</translation>
    </message>
    <message>
        <source>The two new passphrases differ.</source>
        <translation>Die beiden neuen Passphrasen unterscheiden sich.</translation>
    </message>
    <message>
        <source>The passphrase is changed: the wallet file is sealed with the new one.</source>
        <translation>Die Passphrase ist geändert: die Wallet-Datei ist mit der neuen versiegelt.</translation>
    </message>
    <message>
        <source>Signed: give the reader the address, the message and the signature.</source>
        <translation>Signiert: Geben Sie dem Leser die Adresse, die Nachricht und die Signatur.</translation>
    </message>
    <message>
        <source>Valid: the key of %1 signed this message.</source>
        <translation>Gültig: der Schlüssel von %1 hat diese Nachricht signiert.</translation>
    </message>
</context>
<context>
    <name>mbc::ui::explorer</name>
    <message>
        <source>Not found</source>
        <translation>Nicht gefunden</translation>
    </message>
    <message>
        <source>No block %1 is stored.</source>
        <translation>Kein Block %1 ist gespeichert.</translation>
    </message>
    <message>
        <source>Height</source>
        <translation>Höhe</translation>
    </message>
    <message>
        <source>Hash</source>
        <translation>Hash</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>active chain, %1 confirmations</source>
        <translation>aktive Chain, %1 Bestätigungen</translation>
    </message>
    <message>
        <source>side chain (not active)</source>
        <translation>Nebenkette (nicht aktiv)</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>Vorheriger</translation>
    </message>
    <message>
        <source>none (genesis)</source>
        <translation>keiner (Genesis)</translation>
    </message>
    <message>
        <source>Merkle root</source>
        <translation>Merkle-Wurzel</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>Nonce</source>
        <translation>Nonce</translation>
    </message>
    <message>
        <source>Work (expected hashes)</source>
        <translation>Arbeit (erwartete Hashes)</translation>
    </message>
    <message>
        <source>Chain work</source>
        <translation>Chain-Arbeit</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 Bytes</translation>
    </message>
    <message>
        <source>Transactions (%1)</source>
        <translation>Transaktionen (%1)</translation>
    </message>
    <message>
        <source>%1 coins out</source>
        <translation>%1 Coins ausgegeben</translation>
    </message>
    <message>
        <source>Block %1</source>
        <translation>Block %1</translation>
    </message>
    <message>
        <source>No transaction %1 in the active chain or the mempool.</source>
        <translation>Keine Transaktion %1 in der aktiven Chain oder im Mempool.</translation>
    </message>
    <message>
        <source>Txid</source>
        <translation>Txid</translation>
    </message>
    <message>
        <source>in block %1 at height %2, %3 confirmations</source>
        <translation>in Block %1 auf Höhe %2, %3 Bestätigungen</translation>
    </message>
    <message>
        <source>in the mempool, not confirmed yet</source>
        <translation>im Mempool, noch nicht bestätigt</translation>
    </message>
    <message>
        <source>coinbase: new coins (block reward and fees)</source>
        <translation>Coinbase: neue Coins (Blockbelohnung und Gebühren)</translation>
    </message>
    <message>
        <source>(not looked up)</source>
        <translation>(nicht nachgeschlagen)</translation>
    </message>
    <message>
        <source>%1 coins</source>
        <translation>%1 Coins</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>Gebühr</translation>
    </message>
    <message>
        <source>Merkle proof</source>
        <translation>Merkle-Beweis</translation>
    </message>
    <message>
        <source>checked: position %1 of %2 leads to the block&apos;s merkle root</source>
        <translation>geprüft: Position %1 von %2 führt zur Merkle-Wurzel des Blocks</translation>
    </message>
    <message>
        <source>does NOT lead to the block&apos;s merkle root</source>
        <translation>führt NICHT zur Merkle-Wurzel des Blocks</translation>
    </message>
    <message>
        <source>Inputs</source>
        <translation>Eingänge</translation>
    </message>
    <message>
        <source>Outputs</source>
        <translation>Ausgänge</translation>
    </message>
    <message>
        <source>Transaction</source>
        <translation>Transaktion</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>Guthaben</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Empfangen</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Gesendet</translation>
    </message>
    <message>
        <source>Transactions</source>
        <translation>Transaktionen</translation>
    </message>
    <message>
        <source>Unspent outputs (%1)</source>
        <translation>Unausgegebene Ausgänge (%1)</translation>
    </message>
    <message>
        <source>%1 coins at height %2</source>
        <translation>%1 Coins auf Höhe %2</translation>
    </message>
    <message>
        <source>History (newest first)</source>
        <translation>Verlauf (neueste zuerst)</translation>
    </message>
    <message>
        <source>height %1: received %2, spent %3</source>
        <translation>Höhe %1: empfangen %2, ausgegeben %3</translation>
    </message>
    <message>
        <source>The chain has no block at height %1.</source>
        <translation>Die Chain hat keinen Block auf Höhe %1.</translation>
    </message>
    <message>
        <source>Search for a height, a block hash or txid (64 hex digits) or an address (40 hex digits); &quot;%1&quot; is none of these.</source>
        <translation>Suchen Sie nach einer Höhe, einem Block-Hash oder einer Txid (64 Hex-Ziffern) oder einer Adresse (40 Hex-Ziffern); „%1“ ist nichts davon.</translation>
    </message>
    <message>
        <source>Check every rule of this block</source>
        <translation>Jede Regel dieses Blocks prüfen</translation>
    </message>
    <message>
        <source>Check every rule of this transaction</source>
        <translation>Jede Regel dieser Transaktion prüfen</translation>
    </message>
</context>
</TS>
