<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>mbc::ui::MainWindow</name>
    <message>
        <source>MiniBitcoin</source>
        <translation>MiniBitcoin</translation>
    </message>
    <message>
        <source>A wallet and full node of a small proof-of-work blockchain. This build contains the consensus rules; the node, wallet, mining and explorer panes come next.</source>
        <translation>Un monedero y nodo completo de una pequeña cadena de bloques de prueba de trabajo. Esta versión contiene las reglas de consenso; el nodo, el monedero, la minería y el explorador llegan a continuación.</translation>
    </message>
    <message>
        <source>Network: %1, genesis target %2</source>
        <translation>Red: %1, objetivo génesis %2</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>A&amp;yuda</translation>
    </message>
    <message>
        <source>&amp;About MiniBitcoin</source>
        <translation>&amp;Acerca de MiniBitcoin</translation>
    </message>
    <message>
        <source>About MiniBitcoin</source>
        <translation>Acerca de MiniBitcoin</translation>
    </message>
    <message>
        <source>MiniBitcoin %1
Released under the MIT license.</source>
        <translation>MiniBitcoin %1
Publicado bajo la licencia MIT.</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Listo</translation>
    </message>
</context>
</TS>
