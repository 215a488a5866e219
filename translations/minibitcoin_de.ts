<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>mbc::ui::MainWindow</name>
    <message>
        <source>MiniBitcoin</source>
        <translation>MiniBitcoin</translation>
    </message>
    <message>
        <source>A wallet and full node of a small proof-of-work blockchain. This build contains the consensus rules; the node, wallet, mining and explorer panes come next.</source>
        <translation>Eine Wallet und ein vollständiger Knoten einer kleinen Proof-of-Work-Blockchain. Dieser Build enthält die Konsensregeln; Knoten, Wallet, Mining und Explorer folgen als Nächstes.</translation>
    </message>
    <message>
        <source>Network: %1, genesis target %2</source>
        <translation>Netzwerk: %1, Genesis-Zielwert %2</translation>
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
        <source>MiniBitcoin %1
Released under the MIT license.</source>
        <translation>MiniBitcoin %1
Veröffentlicht unter der MIT-Lizenz.</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
</context>
</TS>
