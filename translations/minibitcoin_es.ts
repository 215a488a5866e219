<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>Startup</name>
    <message>
        <source>MiniBitcoin cannot start: %1

The setting it names comes from a flag, the environment, .env, or the app&apos;s settings file %2; fix it there.</source>
        <translation>MiniBitcoin no puede iniciarse: %1

El ajuste que nombra viene de una opción, del entorno, de .env o del archivo de ajustes de la aplicación %2; corríjalo allí.</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <source>syncing from %1</source>
        <translation>sincronizando desde %1</translation>
    </message>
    <message>
        <source>behind (a peer is at %1)</source>
        <translation>retrasado (un par está en %1)</translation>
    </message>
    <message>
        <source>no peers</source>
        <translation>sin pares</translation>
    </message>
    <message>
        <source>up to date</source>
        <translation>al día</translation>
    </message>
    <message>
        <source>not mining</source>
        <translation>sin minar</translation>
    </message>
    <message numerus="yes">
        <source>mining on %n thread(s), %1</source>
        <translation>
            <numerusform>minando con %n hilo, %1</numerusform>
            <numerusform>minando con %n hilos, %1</numerusform>
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
        <translation>Base de datos no disponible - reintentando</translation>
    </message>
    <message>
        <source>Disk full - retrying</source>
        <translation>Disco lleno - reintentando</translation>
    </message>
    <message>
        <source>Database cannot be written - retrying</source>
        <translation>No se puede escribir en la base de datos - reintentando</translation>
    </message>
</context>
<context>
    <name>TimeText</name>
    <message>
        <source>never</source>
        <translation>nunca</translation>
    </message>
</context>
<context>
    <name>mbc::ui</name>
    <message>
        <source>&quot;%1&quot; is not a request: write GET or POST, then a path such as /health (help lists the routes).</source>
        <translation>«%1» no es una petición: escriba GET o POST y luego una ruta como /health (help lista las rutas).</translation>
    </message>
    <message>
        <source>The path must start with / (or be a whole http:// URL), e.g. GET /chaintips.</source>
        <translation>La ruta debe empezar por / (o ser una URL http:// completa), p. ej. GET /chaintips.</translation>
    </message>
    <message>
        <source>A GET request has no body: use POST to send JSON.</source>
        <translation>Una petición GET no lleva cuerpo: use POST para enviar JSON.</translation>
    </message>
    <message>
        <source>The body is not JSON (%1 at character %2).</source>
        <translation>El cuerpo no es JSON (%1 en el carácter %2).</translation>
    </message>
</context>
<context>
    <name>mbc::ui::BlockListModel</name>
    <message>
        <source>loading...</source>
        <translation>cargando...</translation>
    </message>
    <message>
        <source>Height</source>
        <translation>Altura</translation>
    </message>
    <message>
        <source>Hash</source>
        <translation>Hash</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Hora</translation>
    </message>
    <message>
        <source>Txs</source>
        <translation>Txs</translation>
    </message>
    <message>
        <source>Size (bytes)</source>
        <translation>Tamaño (bytes)</translation>
    </message>
</context>
<context>
    <name>mbc::ui::CoinTableModel</name>
    <message>
        <source>being spent</source>
        <translation>gastándose</translation>
    </message>
    <message>
        <source>Spend</source>
        <translation>Gastar</translation>
    </message>
    <message>
        <source>Coin</source>
        <translation>Moneda</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Importe</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Dirección</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Etiqueta</translation>
    </message>
    <message>
        <source>Confirmations</source>
        <translation>Confirmaciones</translation>
    </message>
    <message>
        <source>Frozen</source>
        <translation>Congelada</translation>
    </message>
</context>
<context>
    <name>mbc::ui::ConsolePage</name>
    <message>
        <source>Console</source>
        <translation>Consola</translation>
    </message>
    <message>
        <source>Send requests to the node&apos;s REST API, as curl would: METHOD /path and, for a POST, a JSON body, e.g. GET /chaintips or POST /tx/check {...}. A bare /path is a GET. Up and down walk the history; routes complete as you type; help lists them, clear empties the screen. The node field may name another node.</source>
        <translation>Envíe peticiones a la API REST del nodo, como lo haría curl: MÉTODO /ruta y, en un POST, un cuerpo JSON, p. ej. GET /chaintips o POST /tx/check {...}. Una /ruta sola es un GET. Las flechas arriba y abajo recorren el historial; las rutas se completan al escribir; help las lista, clear limpia la pantalla. El campo del nodo puede nombrar otro nodo.</translation>
    </message>
    <message>
        <source>Node:</source>
        <translation>Nodo:</translation>
    </message>
    <message>
        <source>this node</source>
        <translation>este nodo</translation>
    </message>
    <message>
        <source>GET /health</source>
        <translation>GET /health</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Enviar</translation>
    </message>
    <message>
        <source>Routes of this node (admin: only from this machine or with the API token):</source>
        <translation>Rutas de este nodo (admin: solo desde esta máquina o con el token de la API):</translation>
    </message>
    <message>
        <source>The node&apos;s URL is not an http:// URL: %1</source>
        <translation>La URL del nodo no es una URL http://: %1</translation>
    </message>
    <message>
        <source>GET /events is a stream that never ends: follow it with curl -N %1</source>
        <translation>GET /events es un flujo que nunca termina: sígalo con curl -N %1</translation>
    </message>
    <message>
        <source>No answer from %1: %2</source>
        <translation>Sin respuesta de %1: %2</translation>
    </message>
    <message>
        <source>... the answer is larger than %1 MB and was cut.</source>
        <translation>... la respuesta supera %1 MB y se ha cortado.</translation>
    </message>
    <message>
        <source>Redirected to %1 (not followed).</source>
        <translation>Redirigido a %1 (no se ha seguido).</translation>
    </message>
    <message>
        <source>... %1 more bytes not shown.</source>
        <translation>... %1 bytes más sin mostrar.</translation>
    </message>
</context>
<context>
    <name>mbc::ui::ContactTableModel</name>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Dirección</translation>
    </message>
</context>
<context>
    <name>mbc::ui::ContactsTab</name>
    <message>
        <source>%1 is in the address book.</source>
        <translation>%1 está en la libreta de direcciones.</translation>
    </message>
    <message>
        <source>Removed from the address book.</source>
        <translation>Quitado de la libreta de direcciones.</translation>
    </message>
    <message>
        <source>choose a contact first</source>
        <translation>elija primero un contacto</translation>
    </message>
    <message>
        <source>name</source>
        <translation>nombre</translation>
    </message>
    <message>
        <source>address (40 hex digits)</source>
        <translation>dirección (40 dígitos hexadecimales)</translation>
    </message>
    <message>
        <source>Save contact</source>
        <translation>Guardar contacto</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Quitar</translation>
    </message>
    <message>
        <source>Pay this contact</source>
        <translation>Pagar a este contacto</translation>
    </message>
</context>
<context>
    <name>mbc::ui::DifficultyPanel</name>
    <message>
        <source>Work of each block&apos;s target: expected hashes to find it</source>
        <translation>Trabajo del objetivo de cada bloque: hashes esperados para encontrarlo</translation>
    </message>
    <message>
        <source>height</source>
        <translation>altura</translation>
    </message>
    <message>
        <source>hashes per block</source>
        <translation>hashes por bloque</translation>
    </message>
    <message>
        <source>The difficulty shows once the node runs.</source>
        <translation>La dificultad aparece cuando el nodo está en marcha.</translation>
    </message>
    <message>
        <source>Block %1 must have a hash at most %2: about %3 hashes on average.</source>
        <translation>El bloque %1 necesita un hash de como mucho %2: unos %3 hashes de media.</translation>
    </message>
    <message>
        <source>This network never retargets: every block keeps the genesis target (regtest, for tests and demos).</source>
        <translation>Esta red nunca reajusta el objetivo: cada bloque conserva el objetivo del génesis (regtest, para pruebas y demostraciones).</translation>
    </message>
    <message numerus="yes">
        <source>The target changes every %1 blocks so that they come every %2 s. Next retarget: block %3, in %n block(s).</source>
        <translation>
            <numerusform>El objetivo cambia cada %1 bloques para que lleguen cada %2 s. Próximo reajuste: bloque %3, dentro de %n bloque.</numerusform>
            <numerusform>El objetivo cambia cada %1 bloques para que lleguen cada %2 s. Próximo reajuste: bloque %3, dentro de %n bloques.</numerusform>
        </translation>
    </message>
    <message>
        <source>Over the last %1 blocks, one came every %2 s. At that pace, block %3 would get target %4: %5 times the work of now (%6).</source>
        <translation>En los últimos %1 bloques llegó uno cada %2 s. A ese ritmo, el bloque %3 tendría el objetivo %4: %5 veces el trabajo de ahora (%6).</translation>
    </message>
    <message>
        <source>harder</source>
        <translation>más difícil</translation>
    </message>
    <message>
        <source>easier</source>
        <translation>más fácil</translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation>sin cambio</translation>
    </message>
    <message>
        <source>One block is too few to tell the pace yet.</source>
        <translation>Un bloque es aún muy poco para saber el ritmo.</translation>
    </message>
    <message>
        <source>At the measured hash rate (%1), a block takes %2 s on average.</source>
        <translation>Con la tasa de hash medida (%1), un bloque tarda %2 s de media.</translation>
    </message>
    <message>
        <source>Mine to measure the hash rate and see how long a block takes on average.</source>
        <translation>Mine para medir la tasa de hash y ver cuánto tarda un bloque de media.</translation>
    </message>
</context>
<context>
    <name>mbc::ui::ExplorerPage</name>
    <message>
        <source>Explorer</source>
        <translation>Explorador</translation>
    </message>
    <message>
        <source>height, block hash, txid or address, then Enter</source>
        <translation>altura, hash de bloque, txid o dirección, y Intro</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Buscar</translation>
    </message>
    <message>
        <source>Blocks</source>
        <translation>Bloques</translation>
    </message>
    <message>
        <source>Fork tree</source>
        <translation>Bifurcaciones</translation>
    </message>
</context>
<context>
    <name>mbc::ui::ForkTreePanel</name>
    <message>
        <source>and %1 more</source>
        <translation>y %1 más</translation>
    </message>
    <message>
        <source>The block index near the tip, the tip on top: %1, %2, %3, %4. The last reorg&apos;s blocks are outlined in purple: solid if it connected them, dashed if it disconnected them. Click a block to open it.</source>
        <translation>El índice de bloques cerca de la punta, la punta arriba: %1, %2, %3, %4. Los bloques de la última reorganización van bordeados en morado: continuo si los conectó, discontinuo si los desconectó. Haga clic en un bloque para abrirlo.</translation>
    </message>
    <message>
        <source>the active chain</source>
        <translation>la cadena activa</translation>
    </message>
    <message>
        <source>a valid fork</source>
        <translation>una bifurcación válida</translation>
    </message>
    <message>
        <source>invalid</source>
        <translation>inválido</translation>
    </message>
    <message>
        <source>No reorg since the node started.</source>
        <translation>Ninguna reorganización desde que arrancó el nodo.</translation>
    </message>
    <message>
        <source>Last reorg (%1): above height %2, %3 block(s) disconnected (%4) and %5 connected (%6); %7 transaction(s) went back to the mempool%8.</source>
        <translation>Última reorganización (%1): por encima de la altura %2, %3 bloque(s) desconectado(s) (%4) y %5 conectado(s) (%6); %7 transacción(es) volvieron al mempool%8.</translation>
    </message>
    <message>
        <source>No block waits for its parent.</source>
        <translation>Ningún bloque espera a su padre.</translation>
    </message>
    <message>
        <source>%1 waits for its parent %2</source>
        <translation>%1 espera a su padre %2</translation>
    </message>
    <message>
        <source>%1 block(s) wait for their parent (orphans): %2</source>
        <translation>%1 bloque(s) esperan a su padre (huérfanos): %2</translation>
    </message>
    <message>
        <source>stored, not checked yet</source>
        <translation>guardado, aún sin comprobar</translation>
    </message>
    <message>
        <source>More blocks are stored near the tip than the tree draws: the lowest are left out.</source>
        <translation>Cerca de la punta hay más bloques guardados de los que dibuja el árbol: se omiten los más bajos.</translation>
    </message>
</context>
<context>
    <name>mbc::ui::ForkTreeWidget</name>
    <message>
        <source>active chain</source>
        <translation>cadena activa</translation>
    </message>
    <message>
        <source>valid fork (connected once, left by a reorg)</source>
        <translation>bifurcación válida (conectada una vez, abandonada por una reorganización)</translation>
    </message>
    <message>
        <source>invalid (it or an ancestor failed a rule)</source>
        <translation>inválido (él o un antecesor incumplió una regla)</translation>
    </message>
    <message>
        <source>No block yet.</source>
        <translation>Todavía ningún bloque.</translation>
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
            <numerusform>Bloque %1 a la altura %2
%3
%n transacción; haga clic para abrirlo</numerusform>
            <numerusform>Bloque %1 a la altura %2
%3
%n transacciones; haga clic para abrirlo</numerusform>
        </translation>
    </message>
    <message>
        <source>stored, its transactions not checked yet</source>
        <translation>guardado, sus transacciones aún sin comprobar</translation>
    </message>
</context>
<context>
    <name>mbc::ui::HistoryTab</name>
    <message>
        <source>mined</source>
        <translation>minado</translation>
    </message>
    <message>
        <source>received</source>
        <translation>recibido</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>enviado</translation>
    </message>
    <message>
        <source>to yourself</source>
        <translation>a usted mismo</translation>
    </message>
    <message>
        <source>Export the history</source>
        <translation>Exportar el historial</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Archivos CSV (*.csv)</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Fecha</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Etiqueta</translation>
    </message>
    <message>
        <source>Amount (coins)</source>
        <translation>Importe (monedas)</translation>
    </message>
    <message>
        <source>Confirmations</source>
        <translation>Confirmaciones</translation>
    </message>
    <message>
        <source>Txid</source>
        <translation>Txid</translation>
    </message>
    <message>
        <source>Export as CSV…</source>
        <translation>Exportar como CSV…</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>pendiente</translation>
    </message>
    <message>
        <source>The history is in %1.</source>
        <translation>El historial está en %1.</translation>
    </message>
</context>
<context>
    <name>mbc::ui::LogPage</name>
    <message>
        <source>Log</source>
        <translation>Registro</translation>
    </message>
    <message>
        <source>Follow new lines</source>
        <translation>Seguir las líneas nuevas</translation>
    </message>
    <message>
        <source>Double-click a refused block to see which rule it broke.</source>
        <translation>Haga doble clic en un bloque rechazado para ver qué regla incumplió.</translation>
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
        <source>Overview</source>
        <translation>Resumen</translation>
    </message>
    <message>
        <source>Mining</source>
        <translation>Minería</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Registro</translation>
    </message>
    <message>
        <source>MiniBitcoin %1
A wallet and full node of a small proof-of-work blockchain.
Released under the MIT license.</source>
        <translation>MiniBitcoin %1
Un monedero y nodo completo de una pequeña cadena de bloques de prueba de trabajo.
Publicado bajo la licencia MIT.</translation>
    </message>
    <message>
        <source>starting...</source>
        <translation>iniciando...</translation>
    </message>
    <message>
        <source>Network: %1</source>
        <translation>Red: %1</translation>
    </message>
    <message>
        <source>Height: none</source>
        <translation>Altura: ninguna</translation>
    </message>
    <message>
        <source>Height: %1</source>
        <translation>Altura: %1</translation>
    </message>
    <message>
        <source>Peers: %1</source>
        <translation>Pares: %1</translation>
    </message>
    <message>
        <source>The node did not start:
%1</source>
        <translation>El nodo no se inició:
%1</translation>
    </message>
    <message>
        <source>Wallet</source>
        <translation>Monedero</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Red</translation>
    </message>
    <message>
        <source>Explorer</source>
        <translation>Explorador</translation>
    </message>
    <message>
        <source>&amp;Settings...</source>
        <translation>&amp;Ajustes...</translation>
    </message>
    <message>
        <source>node not running</source>
        <translation>el nodo no está en marcha</translation>
    </message>
    <message>
        <source>Use another data folder...</source>
        <translation>Usar otra carpeta de datos...</translation>
    </message>
    <message>
        <source>Choose a data folder for this MiniBitcoin</source>
        <translation>Elija una carpeta de datos para este MiniBitcoin</translation>
    </message>
    <message>
        <source>&amp;Back up the wallet...</source>
        <translation>&amp;Copia de seguridad del monedero...</translation>
    </message>
    <message>
        <source>&amp;Restore a wallet...</source>
        <translation>&amp;Restaurar un monedero...</translation>
    </message>
    <message>
        <source>Validation</source>
        <translation>Validación</translation>
    </message>
    <message>
        <source>Console</source>
        <translation>Consola</translation>
    </message>
    <message>
        <source>Set the damaged database aside</source>
        <translation>Apartar la base de datos dañada</translation>
    </message>
    <message>
        <source>The damaged database was not set aside: %1</source>
        <translation>La base de datos dañada no se apartó: %1</translation>
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
        <translation>Comisión (monedas)</translation>
    </message>
    <message>
        <source>Size (bytes)</source>
        <translation>Tamaño (bytes)</translation>
    </message>
    <message>
        <source>Fee rate (units/byte)</source>
        <translation>Tasa de comisión (unidades/byte)</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Recibido</translation>
    </message>
</context>
<context>
    <name>mbc::ui::MiningPage</name>
    <message>
        <source>Mining</source>
        <translation>Minería</translation>
    </message>
    <message>
        <source>Reward to:</source>
        <translation>Recompensa para:</translation>
    </message>
    <message>
        <source>address: 40 hex digits (a pubkey hash)</source>
        <translation>dirección: 40 dígitos hexadecimales (un hash de clave pública)</translation>
    </message>
    <message>
        <source>Threads:</source>
        <translation>Hilos:</translation>
    </message>
    <message>
        <source>Mine one block</source>
        <translation>Minar un bloque</translation>
    </message>
    <message>
        <source>Hash rate over the last two minutes</source>
        <translation>Tasa de hash de los últimos dos minutos</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>segundos</translation>
    </message>
    <message>
        <source>MH/s</source>
        <translation>MH/s</translation>
    </message>
    <message>
        <source>Stop mining</source>
        <translation>Detener la minería</translation>
    </message>
    <message>
        <source>Start mining</source>
        <translation>Iniciar la minería</translation>
    </message>
    <message>
        <source>Hash rate: %1</source>
        <translation>Tasa de hash: %1</translation>
    </message>
    <message>
        <source>Target of the next block: %1</source>
        <translation>Objetivo del próximo bloque: %1</translation>
    </message>
    <message>
        <source>Expected time per block at this rate: %1 s</source>
        <translation>Tiempo esperado por bloque a esta tasa: %1 s</translation>
    </message>
    <message>
        <source>Expected nonces per block: %1</source>
        <translation>Nonces esperados por bloque: %1</translation>
    </message>
    <message>
        <source>Blocks this node found: %1</source>
        <translation>Bloques encontrados por este nodo: %1</translation>
    </message>
    <message>
        <source>Enter the address that receives the reward: 40 hex digits (a pubkey hash).</source>
        <translation>Introduzca la dirección que recibe la recompensa: 40 dígitos hexadecimales (un hash de clave pública).</translation>
    </message>
    <message>
        <source>Mining a block...</source>
        <translation>Minando un bloque...</translation>
    </message>
    <message>
        <source>Mined block %1 at height %2 in %3 s.</source>
        <translation>Bloque %1 minado a la altura %2 en %3 s.</translation>
    </message>
    <message>
        <source>No block: %1</source>
        <translation>Ningún bloque: %1</translation>
    </message>
    <message>
        <source>Mining stopped.</source>
        <translation>Minería detenida.</translation>
    </message>
    <message numerus="yes">
        <source>Mining on %n thread(s) until you stop it.</source>
        <translation>
            <numerusform>Minando con %n hilo hasta que la detenga.</numerusform>
            <numerusform>Minando con %n hilos hasta que la detenga.</numerusform>
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
        <translation>El monedero aún no tiene direcciones</translation>
    </message>
    <message>
        <source>Wallet</source>
        <translation>Monedero</translation>
    </message>
    <message>
        <source>One of the wallet&apos;s addresses</source>
        <translation>Una de las direcciones del monedero</translation>
    </message>
    <message>
        <source>Mine</source>
        <translation>Minar</translation>
    </message>
    <message>
        <source>Next block</source>
        <translation>Próximo bloque</translation>
    </message>
    <message>
        <source>Difficulty</source>
        <translation>Dificultad</translation>
    </message>
</context>
<context>
    <name>mbc::ui::NetworkPage</name>
    <message>
        <source>Network</source>
        <translation>Red</translation>
    </message>
    <message>
        <source>Peers</source>
        <translation>Pares</translation>
    </message>
    <message>
        <source>http://host:port of another node</source>
        <translation>http://host:puerto de otro nodo</translation>
    </message>
    <message>
        <source>Add peer</source>
        <translation>Añadir par</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Quitar</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Sincronizar ahora</translation>
    </message>
    <message>
        <source>Mempool</source>
        <translation>Mempool</translation>
    </message>
    <message>
        <source>height</source>
        <translation>altura</translation>
    </message>
    <message>
        <source>%1 is not a node&apos;s address: use http://host:port</source>
        <translation>%1 no es la dirección de un nodo: use http://host:puerto</translation>
    </message>
    <message>
        <source>Added %1; it was told how to reach this node.</source>
        <translation>%1 añadido; se le indicó cómo llegar a este nodo.</translation>
    </message>
    <message>
        <source>Select a peer first.</source>
        <translation>Seleccione primero un par.</translation>
    </message>
    <message>
        <source>Removed %1.</source>
        <translation>%1 quitado.</translation>
    </message>
    <message>
        <source>Add a peer first: there is nobody to sync from.</source>
        <translation>Añada primero un par: no hay nadie de quien sincronizar.</translation>
    </message>
    <message>
        <source>Syncing from %1...</source>
        <translation>Sincronizando desde %1...</translation>
    </message>
    <message>
        <source>Chain work (expected hashes to redo the chain) over height</source>
        <translation>Trabajo de la cadena (hashes esperados para rehacerla) según la altura</translation>
    </message>
    <message>
        <source>hashes</source>
        <translation>hashes</translation>
    </message>
    <message numerus="yes">
        <source>Synced with %1: %n block(s) received; height %2.</source>
        <translation>
            <numerusform>Sincronizado con %1: %n bloque recibido; altura %2.</numerusform>
            <numerusform>Sincronizado con %1: %n bloques recibidos; altura %2.</numerusform>
        </translation>
    </message>
    <message>
        <source>Sync with %1 failed: %2</source>
        <translation>La sincronización con %1 falló: %2</translation>
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
        <translation>Tasa de comisión (unidades/byte)</translation>
    </message>
    <message>
        <source>Fee (coins)</source>
        <translation>Comisión (monedas)</translation>
    </message>
    <message>
        <source>Size (bytes)</source>
        <translation>Tamaño (bytes)</translation>
    </message>
    <message>
        <source>Next block</source>
        <translation>Próximo bloque</translation>
    </message>
    <message numerus="yes">
        <source>waits: the block is full (%n transaction(s) at most) of higher fee rates</source>
        <translation>
            <numerusform>espera: el bloque está lleno (%n transacción como máximo) de tasas más altas</numerusform>
            <numerusform>espera: el bloque está lleno (%n transacciones como máximo) de tasas más altas</numerusform>
        </translation>
    </message>
    <message>
        <source>waits: too few bytes are left in the block for it</source>
        <translation>espera: quedan muy pocos bytes en el bloque para ella</translation>
    </message>
    <message>
        <source>waits for %1, whose output it spends and which waits too</source>
        <translation>espera a %1, cuya salida gasta y que también espera</translation>
    </message>
    <message>
        <source>goes in, as transaction %1</source>
        <translation>entra, como transacción %1</translation>
    </message>
</context>
<context>
    <name>mbc::ui::NextBlockPanel</name>
    <message>
        <source>in the next block</source>
        <translation>en el próximo bloque</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>en espera</translation>
    </message>
    <message>
        <source>The mempool by fee rate</source>
        <translation>El mempool por tasa de comisión</translation>
    </message>
    <message>
        <source>fee rate (units per byte)</source>
        <translation>tasa de comisión (unidades por byte)</translation>
    </message>
    <message>
        <source>txs</source>
        <translation>txs</translation>
    </message>
    <message>
        <source>The next block shows once the node runs.</source>
        <translation>El próximo bloque aparece cuando el nodo está en marcha.</translation>
    </message>
    <message>
        <source>Block %1 would take %2 of the %3 transactions in the mempool (%4 bytes with its coinbase), and its coinbase would claim the reward %5 plus %6 in fees. The node takes the highest fee rates first, a parent before the transactions that spend from it, at most %7 transactions and 1,000,000 bytes; %8 wait.</source>
        <translation>El bloque %1 tomaría %2 de las %3 transacciones del mempool (%4 bytes con su coinbase), y su coinbase reclamaría la recompensa %5 más %6 en comisiones. El nodo toma primero las tasas más altas, un padre antes de las transacciones que gastan de él, como máximo %7 transacciones y 1.000.000 bytes; %8 esperan.</translation>
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
        <translation>los datos terminan demasiado pronto</translation>
    </message>
    <message>
        <source>there are extra bytes after the data</source>
        <translation>hay bytes de más tras los datos</translation>
    </message>
    <message>
        <source>a count in the data is too large</source>
        <translation>un recuento en los datos es demasiado grande</translation>
    </message>
    <message>
        <source>a number in the data is not in its shortest form</source>
        <translation>un número en los datos no está en su forma más corta</translation>
    </message>
    <message>
        <source>the JSON cannot be read</source>
        <translation>el JSON no se puede leer</translation>
    </message>
    <message>
        <source>a field is missing or has a wrong value</source>
        <translation>falta un campo o tiene un valor erróneo</translation>
    </message>
    <message>
        <source>the transaction spends no coins</source>
        <translation>la transacción no gasta ninguna moneda</translation>
    </message>
    <message>
        <source>the transaction pays nobody</source>
        <translation>la transacción no paga a nadie</translation>
    </message>
    <message>
        <source>the transaction spends the same coin twice</source>
        <translation>la transacción gasta la misma moneda dos veces</translation>
    </message>
    <message>
        <source>an output&apos;s amount is negative</source>
        <translation>el importe de una salida es negativo</translation>
    </message>
    <message>
        <source>an output&apos;s amount is larger than all coins there can be</source>
        <translation>el importe de una salida supera todas las monedas que puede haber</translation>
    </message>
    <message>
        <source>the outputs together are larger than all coins there can be</source>
        <translation>las salidas juntas superan todas las monedas que puede haber</translation>
    </message>
    <message>
        <source>a coinbase transaction can only be the first of a block</source>
        <translation>una transacción coinbase solo puede ser la primera de un bloque</translation>
    </message>
    <message>
        <source>an input names no coin</source>
        <translation>una entrada no nombra ninguna moneda</translation>
    </message>
    <message>
        <source>the transaction is too large</source>
        <translation>la transacción es demasiado grande</translation>
    </message>
    <message>
        <source>a coin it spends does not exist or is already spent</source>
        <translation>una moneda que gasta no existe o ya está gastada</translation>
    </message>
    <message>
        <source>a transaction waiting in the mempool already spends one of its coins</source>
        <translation>una transacción que espera en el mempool ya gasta una de sus monedas</translation>
    </message>
    <message>
        <source>an input&apos;s public key is not valid</source>
        <translation>la clave pública de una entrada no es válida</translation>
    </message>
    <message>
        <source>an input&apos;s public key does not own the coin it spends</source>
        <translation>la clave pública de una entrada no es dueña de la moneda que gasta</translation>
    </message>
    <message>
        <source>a signature is not valid</source>
        <translation>una firma no es válida</translation>
    </message>
    <message>
        <source>the coins it spends add up to more than all coins there can be</source>
        <translation>las monedas que gasta suman más que todas las monedas que puede haber</translation>
    </message>
    <message>
        <source>it pays out more than the coins it spends</source>
        <translation>paga más de lo que valen las monedas que gasta</translation>
    </message>
    <message>
        <source>the block&apos;s parent is unknown</source>
        <translation>el padre del bloque es desconocido</translation>
    </message>
    <message>
        <source>the block builds on a block that is not valid</source>
        <translation>el bloque se construye sobre un bloque no válido</translation>
    </message>
    <message>
        <source>the block&apos;s target is not the one required at its height</source>
        <translation>el objetivo del bloque no es el exigido a su altura</translation>
    </message>
    <message>
        <source>the block&apos;s hash is above its target (not enough proof of work)</source>
        <translation>el hash del bloque supera su objetivo (prueba de trabajo insuficiente)</translation>
    </message>
    <message>
        <source>the block&apos;s time is too far in the future</source>
        <translation>la hora del bloque está demasiado lejos en el futuro</translation>
    </message>
    <message>
        <source>the block&apos;s time is too early</source>
        <translation>la hora del bloque es demasiado temprana</translation>
    </message>
    <message>
        <source>the block has too many transactions or bytes</source>
        <translation>el bloque tiene demasiadas transacciones o bytes</translation>
    </message>
    <message>
        <source>the block does not start with a coinbase transaction</source>
        <translation>el bloque no empieza con una transacción coinbase</translation>
    </message>
    <message>
        <source>the block has more than one coinbase transaction</source>
        <translation>el bloque tiene más de una transacción coinbase</translation>
    </message>
    <message>
        <source>the block&apos;s coinbase transaction is malformed</source>
        <translation>la transacción coinbase del bloque está mal formada</translation>
    </message>
    <message>
        <source>the block&apos;s merkle root does not match its transactions</source>
        <translation>la raíz de Merkle del bloque no coincide con sus transacciones</translation>
    </message>
    <message>
        <source>the block holds the same transaction twice</source>
        <translation>el bloque contiene la misma transacción dos veces</translation>
    </message>
    <message>
        <source>the block holds a transaction that is already in the chain</source>
        <translation>el bloque contiene una transacción que ya está en la cadena</translation>
    </message>
    <message>
        <source>two transactions of the block spend the same coin</source>
        <translation>dos transacciones del bloque gastan la misma moneda</translation>
    </message>
    <message>
        <source>the block&apos;s fees add up to more than all coins there can be</source>
        <translation>las comisiones del bloque suman más que todas las monedas que puede haber</translation>
    </message>
    <message>
        <source>the coinbase pays more than the reward and the fees</source>
        <translation>la coinbase paga más que la recompensa y las comisiones</translation>
    </message>
    <message>
        <source>the node already has this block</source>
        <translation>el nodo ya tiene este bloque</translation>
    </message>
    <message>
        <source>the node already found this block invalid</source>
        <translation>el nodo ya halló que este bloque no es válido</translation>
    </message>
    <message>
        <source>the block builds on a block found invalid</source>
        <translation>el bloque se construye sobre un bloque hallado no válido</translation>
    </message>
    <message>
        <source>the block&apos;s parent is not known yet</source>
        <translation>el padre del bloque aún no se conoce</translation>
    </message>
    <message>
        <source>the transaction is already in the mempool</source>
        <translation>la transacción ya está en el mempool</translation>
    </message>
    <message>
        <source>the transaction is already confirmed</source>
        <translation>la transacción ya está confirmada</translation>
    </message>
    <message>
        <source>the transaction is larger than the mempool accepts</source>
        <translation>la transacción es más grande de lo que acepta el mempool</translation>
    </message>
    <message>
        <source>the fee is below the minimum the node relays</source>
        <translation>la comisión está por debajo del mínimo que el nodo retransmite</translation>
    </message>
    <message>
        <source>the mempool is full of transactions that pay a higher fee per byte</source>
        <translation>el mempool está lleno de transacciones que pagan una comisión por byte más alta</translation>
    </message>
    <message>
        <source>the node refused it</source>
        <translation>el nodo la rechazó</translation>
    </message>
    <message>
        <source>%1 is this node&apos;s own address</source>
        <translation>%1 es la dirección propia de este nodo</translation>
    </message>
    <message>
        <source>%1 is banned for a while: it sent invalid data</source>
        <translation>%1 está vetado por un tiempo: envió datos no válidos</translation>
    </message>
    <message numerus="yes">
        <source>this node already has %n peer(s), its most (MAX_PEERS)</source>
        <translation>
            <numerusform>este nodo ya tiene %n par, su máximo (MAX_PEERS)</numerusform>
            <numerusform>este nodo ya tiene %n pares, su máximo (MAX_PEERS)</numerusform>
        </translation>
    </message>
    <message>
        <source>the peer is banned for a while: it sent invalid data</source>
        <translation>el par está vetado por un tiempo: envió datos no válidos</translation>
    </message>
    <message>
        <source>the peer did not answer (%1)</source>
        <translation>el par no respondió (%1)</translation>
    </message>
    <message>
        <source>the peer is not a MiniBitcoin node</source>
        <translation>el par no es un nodo MiniBitcoin</translation>
    </message>
    <message>
        <source>the peer is on another network (%1)</source>
        <translation>el par está en otra red (%1)</translation>
    </message>
    <message>
        <source>the peer sent data that cannot be read: %1</source>
        <translation>el par envió datos ilegibles: %1</translation>
    </message>
    <message>
        <source>the peer sent an invalid block: %1</source>
        <translation>el par envió un bloque no válido: %1</translation>
    </message>
    <message>
        <source>the peer sent a block that does not connect to the chain</source>
        <translation>el par envió un bloque que no conecta con la cadena</translation>
    </message>
    <message>
        <source>%1 leads to an address this node does not connect to (%2)</source>
        <translation>%1 lleva a una dirección a la que este nodo no se conecta (%2)</translation>
    </message>
    <message>
        <source>%1 is not on the host that announced it (%2)</source>
        <translation>%1 no está en el host que lo anunció (%2)</translation>
    </message>
    <message>
        <source>the peer served only blocks this node has, though its headers promised more</source>
        <translation>el par solo entregó bloques que este nodo ya tiene, aunque sus cabeceras prometían más</translation>
    </message>
    <message>
        <source>too many syncs are waiting already; try again later</source>
        <translation>ya hay demasiadas sincronizaciones en espera; inténtelo más tarde</translation>
    </message>
    <message>
        <source>the sync did not finish</source>
        <translation>la sincronización no terminó</translation>
    </message>
    <message>
        <source>mining was stopped through the REST API</source>
        <translation>la minería se detuvo mediante la API REST</translation>
    </message>
    <message>
        <source>the node is shutting down</source>
        <translation>el nodo se está cerrando</translation>
    </message>
    <message>
        <source>mining was stopped</source>
        <translation>la minería se detuvo</translation>
    </message>
    <message>
        <source>the data folder %1 cannot be created or written; choose another in Settings</source>
        <translation>la carpeta de datos %1 no se puede crear ni escribir; elija otra en Ajustes</translation>
    </message>
    <message>
        <source>the data folder %1 is in use by another MiniBitcoin (process %2); close it, or choose another data folder in Settings</source>
        <translation>la carpeta de datos %1 la usa otro MiniBitcoin (proceso %2); ciérrelo, o elija otra carpeta de datos en Ajustes</translation>
    </message>
    <message>
        <source>the database URL is not of the form postgresql://user:password@host:port/name; fix it in Settings or DATABASE_URL</source>
        <translation>la URL de la base de datos no tiene la forma postgresql://usuario:contraseña@host:puerto/nombre; corríjala en Ajustes o en DATABASE_URL</translation>
    </message>
    <message>
        <source>the database driver is not installed: install the Debian package %1</source>
        <translation>el controlador de la base de datos no está instalado: instale el paquete de Debian %1</translation>
    </message>
    <message>
        <source>the database %1 cannot be opened (%2)</source>
        <translation>la base de datos %1 no se puede abrir (%2)</translation>
    </message>
    <message>
        <source>the database %1 was written by a newer MiniBitcoin; upgrade, or choose another data folder or database</source>
        <translation>la base de datos %1 la escribió un MiniBitcoin más reciente; actualice, o elija otra carpeta de datos u otra base de datos</translation>
    </message>
    <message>
        <source>the database %1 holds the chain of another network (%2); choose that network, or another data folder or database</source>
        <translation>la base de datos %1 contiene la cadena de otra red (%2); elija esa red, u otra carpeta de datos u otra base de datos</translation>
    </message>
    <message>
        <source>the node cannot listen on %1 (%2); choose another REST port in Settings</source>
        <translation>el nodo no puede escuchar en %1 (%2); elija otro puerto REST en Ajustes</translation>
    </message>
    <message>
        <source>the database failed (%1)</source>
        <translation>la base de datos falló (%1)</translation>
    </message>
    <message>
        <source>the database %1 failed (%2)</source>
        <translation>la base de datos %1 falló (%2)</translation>
    </message>
    <message>
        <source>the block is on a branch too far behind the chain to keep</source>
        <translation>el bloque está en una rama demasiado atrasada respecto a la cadena para guardarla</translation>
    </message>
    <message>
        <source>the block&apos;s parent is unknown and its target is easier than the network allows at its start</source>
        <translation>el padre del bloque es desconocido y su objetivo es más fácil de lo que la red permite en su inicio</translation>
    </message>
    <message>
        <source>the database failed while the node took a mined block</source>
        <translation>la base de datos falló mientras el nodo tomaba un bloque minado</translation>
    </message>
    <message>
        <source>this node&apos;s database failed or is unavailable (%1); the node syncs again once it works</source>
        <translation>la base de datos de este nodo falló o no está disponible (%1); el nodo vuelve a sincronizar en cuanto funcione</translation>
    </message>
    <message>
        <source>the database is unavailable; mining goes on once it is back</source>
        <translation>la base de datos no está disponible; la minería continúa en cuanto vuelva</translation>
    </message>
    <message>
        <source>%1 is not safe to use: it belongs to another user, is a link, or others can change or read it; choose another data folder in Settings</source>
        <translation>%1 no es seguro: pertenece a otro usuario, es un enlace, u otros pueden cambiarlo o leerlo; elija otra carpeta de datos en Ajustes</translation>
    </message>
    <message>
        <source>the database %1 is damaged (%2); restore it from a backup, or set it aside and start again: the node then syncs the chain again from its peers (the wallet, kept apart, is not touched)</source>
        <translation>la base de datos %1 está dañada (%2); restáurela desde una copia de seguridad, o apártela y vuelva a iniciar: el nodo volverá a sincronizar la cadena desde sus pares (el monedero, guardado aparte, no se toca)</translation>
    </message>
</context>
<context>
    <name>mbc::ui::Notifier</name>
    <message>
        <source>Block found</source>
        <translation>Bloque encontrado</translation>
    </message>
    <message>
        <source>This node mined block %1.</source>
        <translation>Este nodo minó el bloque %1.</translation>
    </message>
    <message>
        <source>Payment received</source>
        <translation>Pago recibido</translation>
    </message>
    <message>
        <source>%1 coins reached the wallet (transaction %2).</source>
        <translation>Han llegado %1 monedas al monedero (transacción %2).</translation>
    </message>
    <message>
        <source>Payment request paid</source>
        <translation>Solicitud de pago pagada</translation>
    </message>
    <message>
        <source>The request &quot;%1&quot; for %2 was paid.</source>
        <translation>Se pagó la solicitud «%1» de %2.</translation>
    </message>
    <message>
        <source>%1 coins</source>
        <translation>%1 monedas</translation>
    </message>
    <message>
        <source>any amount</source>
        <translation>cualquier importe</translation>
    </message>
</context>
<context>
    <name>mbc::ui::OverviewPage</name>
    <message>
        <source>Overview</source>
        <translation>Resumen</translation>
    </message>
    <message>
        <source>Network:</source>
        <translation>Red:</translation>
    </message>
    <message>
        <source>Height:</source>
        <translation>Altura:</translation>
    </message>
    <message>
        <source>Tip:</source>
        <translation>Punta:</translation>
    </message>
    <message>
        <source>Peers:</source>
        <translation>Pares:</translation>
    </message>
    <message>
        <source>Mempool:</source>
        <translation>Mempool:</translation>
    </message>
    <message>
        <source>Sync:</source>
        <translation>Sincronización:</translation>
    </message>
    <message>
        <source>Mining:</source>
        <translation>Minería:</translation>
    </message>
    <message>
        <source>REST API:</source>
        <translation>API REST:</translation>
    </message>
    <message>
        <source>The node did not start: %1</source>
        <translation>El nodo no se inició: %1</translation>
    </message>
    <message>
        <source>Starting the node...</source>
        <translation>Iniciando el nodo...</translation>
    </message>
    <message>
        <source>This chain is empty. Mine the genesis block: open Mining, enter the address that receives the reward, and press &quot;Mine one block&quot;.</source>
        <translation>Esta cadena está vacía. Mine el bloque génesis: abra Minería, introduzca la dirección que recibe la recompensa y pulse «Minar un bloque».</translation>
    </message>
    <message>
        <source>no blocks yet</source>
        <translation>aún no hay bloques</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ninguna</translation>
    </message>
    <message numerus="yes">
        <source>%n transaction(s)</source>
        <translation>
            <numerusform>%n transacción</numerusform>
            <numerusform>%n transacciones</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mbc::ui::PeerTableModel</name>
    <message>
        <source>active</source>
        <translation>activo</translation>
    </message>
    <message>
        <source>banned for sending invalid data</source>
        <translation>vetado por enviar datos no válidos</translation>
    </message>
    <message>
        <source>unreachable, retry in %1 s</source>
        <translation>inalcanzable, nuevo intento en %1 s</translation>
    </message>
    <message>
        <source>unreachable, retrying</source>
        <translation>inalcanzable, reintentando</translation>
    </message>
    <message>
        <source>not reached yet</source>
        <translation>aún no contactado</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Failures</source>
        <translation>Fallos</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>Visto por última vez</translation>
    </message>
</context>
<context>
    <name>mbc::ui::ReceiveTab</name>
    <message>
        <source>Copied the payment link to the clipboard.</source>
        <translation>Enlace de pago copiado al portapapeles.</translation>
    </message>
    <message>
        <source>Copied %1 to the clipboard.</source>
        <translation>%1 copiada al portapapeles.</translation>
    </message>
    <message>
        <source>Amount (coins):</source>
        <translation>Importe (monedas):</translation>
    </message>
    <message>
        <source>optional: any amount if empty</source>
        <translation>opcional: vacío para cualquier importe</translation>
    </message>
    <message>
        <source>Label:</source>
        <translation>Etiqueta:</translation>
    </message>
    <message>
        <source>who pays, or what for (kept in your wallet)</source>
        <translation>quién paga o por qué (se guarda en su monedero)</translation>
    </message>
    <message>
        <source>Message:</source>
        <translation>Mensaje:</translation>
    </message>
    <message>
        <source>shown to the payer</source>
        <translation>se muestra al pagador</translation>
    </message>
    <message>
        <source>Create a payment request</source>
        <translation>Crear una solicitud de pago</translation>
    </message>
    <message>
        <source>Copy link</source>
        <translation>Copiar enlace</translation>
    </message>
    <message>
        <source>Copy address</source>
        <translation>Copiar dirección</translation>
    </message>
    <message>
        <source>The amount must be a number of coins above zero, with at most 8 decimals, or empty for any amount.</source>
        <translation>El importe debe ser un número de monedas mayor que cero, con 8 decimales como máximo, o quedar vacío para cualquier importe.</translation>
    </message>
    <message>
        <source>Request created on a new address: give the payer the link or the QR code.</source>
        <translation>Solicitud creada en una dirección nueva: dé al pagador el enlace o el código QR.</translation>
    </message>
    <message>
        <source>Too long for a QR code: shorten the label or the message.</source>
        <translation>Demasiado largo para un código QR: acorte la etiqueta o el mensaje.</translation>
    </message>
</context>
<context>
    <name>mbc::ui::RequestTableModel</name>
    <message>
        <source>any</source>
        <translation>cualquiera</translation>
    </message>
    <message>
        <source>paid</source>
        <translation>pagada</translation>
    </message>
    <message>
        <source>paid, unconfirmed</source>
        <translation>pagada, sin confirmar</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>en espera</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Creada</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Etiqueta</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Importe</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Dirección</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
</context>
<context>
    <name>mbc::ui::RuleStepTableModel</name>
    <message>
        <source>pass</source>
        <translation>cumplida</translation>
    </message>
    <message>
        <source>FAIL</source>
        <translation>INCUMPLIDA</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Regla</translation>
    </message>
    <message>
        <source>Reject code</source>
        <translation>Código de rechazo</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Dónde</translation>
    </message>
</context>
<context>
    <name>mbc::ui::RuleTexts</name>
    <message>
        <source>The block builds on a block this node knows</source>
        <translation>El bloque se construye sobre un bloque que este nodo conoce</translation>
    </message>
    <message>
        <source>The target is the one the target rule gives at this height</source>
        <translation>El objetivo es el que fija la regla del objetivo a esta altura</translation>
    </message>
    <message>
        <source>The block hash is at most the target (proof of work)</source>
        <translation>El hash del bloque no supera el objetivo (prueba de trabajo)</translation>
    </message>
    <message>
        <source>The timestamp is at most two hours ahead of the node&apos;s clock</source>
        <translation>La marca de tiempo va como máximo dos horas por delante del reloj del nodo</translation>
    </message>
    <message>
        <source>The timestamp is after the median time of the last 11 blocks</source>
        <translation>La marca de tiempo es posterior a la mediana de los tiempos de los últimos 11 bloques</translation>
    </message>
    <message>
        <source>The block is at most 1,000,000 bytes</source>
        <translation>El bloque ocupa como máximo 1.000.000 bytes</translation>
    </message>
    <message>
        <source>Exactly one coinbase, and it comes first</source>
        <translation>Exactamente una coinbase, y va en primer lugar</translation>
    </message>
    <message>
        <source>The coinbase input has no signature and no public key</source>
        <translation>La entrada de la coinbase no tiene firma ni clave pública</translation>
    </message>
    <message>
        <source>The header&apos;s merkle root is the root of the transactions</source>
        <translation>La raíz de Merkle de la cabecera es la raíz de las transacciones</translation>
    </message>
    <message>
        <source>No transaction appears twice in the block</source>
        <translation>Ninguna transacción aparece dos veces en el bloque</translation>
    </message>
    <message>
        <source>It is not a coinbase (those come only first in a block)</source>
        <translation>No es una coinbase (estas solo van en primer lugar en un bloque)</translation>
    </message>
    <message>
        <source>It spends at least one coin</source>
        <translation>Gasta al menos una moneda</translation>
    </message>
    <message>
        <source>It pays at least one output</source>
        <translation>Paga al menos a una salida</translation>
    </message>
    <message>
        <source>No coin is spent twice by it</source>
        <translation>No gasta ninguna moneda dos veces</translation>
    </message>
    <message>
        <source>Every amount, and their sum, lies between 0 and all coins there can be</source>
        <translation>Cada importe, y su suma, está entre 0 y todas las monedas que puede haber</translation>
    </message>
    <message>
        <source>It is no larger than a block may be</source>
        <translation>No es más grande de lo que puede ser un bloque</translation>
    </message>
    <message>
        <source>No input names the empty coin (only a coinbase may)</source>
        <translation>Ninguna entrada nombra la moneda vacía (solo puede hacerlo una coinbase)</translation>
    </message>
    <message>
        <source>None of its transactions is already in the chain</source>
        <translation>Ninguna de sus transacciones está ya en la cadena</translation>
    </message>
    <message>
        <source>No transaction waiting in the mempool spends the same coins</source>
        <translation>Ninguna transacción que espera en el mempool gasta las mismas monedas</translation>
    </message>
    <message>
        <source>No coin is spent by two transactions of the block</source>
        <translation>Ninguna moneda se gasta en dos transacciones del bloque</translation>
    </message>
    <message>
        <source>The coin it spends exists and is unspent</source>
        <translation>La moneda que gasta existe y no está gastada</translation>
    </message>
    <message>
        <source>The public key is a 33-byte compressed key</source>
        <translation>La clave pública es una clave comprimida de 33 bytes</translation>
    </message>
    <message>
        <source>The public key hashes to the address the coin is locked to</source>
        <translation>El hash de la clave pública es la dirección a la que está vinculada la moneda</translation>
    </message>
    <message>
        <source>The signature over the sighash is valid for the public key</source>
        <translation>La firma sobre el sighash es válida para la clave pública</translation>
    </message>
    <message>
        <source>The coins it spends add up within the money range</source>
        <translation>Las monedas que gasta suman dentro del rango monetario permitido</translation>
    </message>
    <message>
        <source>The inputs cover the outputs (the rest is the fee)</source>
        <translation>Las entradas cubren las salidas (el resto es la comisión)</translation>
    </message>
    <message>
        <source>The block&apos;s fees add up within the money range</source>
        <translation>Las comisiones del bloque suman dentro del rango monetario permitido</translation>
    </message>
    <message>
        <source>The coinbase pays at most the block reward plus the fees</source>
        <translation>La coinbase paga como máximo la recompensa del bloque más las comisiones</translation>
    </message>
    <message>
        <source>transaction %1, input %2</source>
        <translation>transacción %1, entrada %2</translation>
    </message>
    <message>
        <source>transaction %1</source>
        <translation>transacción %1</translation>
    </message>
    <message>
        <source>input %1</source>
        <translation>entrada %1</translation>
    </message>
    <message>
        <source>previous block (prev_hash)</source>
        <translation>bloque anterior (prev_hash)</translation>
    </message>
    <message>
        <source>parent found</source>
        <translation>padre encontrado</translation>
    </message>
    <message>
        <source>parent&apos;s height</source>
        <translation>altura del padre</translation>
    </message>
    <message>
        <source>height</source>
        <translation>altura</translation>
    </message>
    <message>
        <source>target</source>
        <translation>objetivo</translation>
    </message>
    <message>
        <source>target the rule gives</source>
        <translation>objetivo que fija la regla</translation>
    </message>
    <message>
        <source>parent&apos;s target</source>
        <translation>objetivo del padre</translation>
    </message>
    <message>
        <source>retarget at this height</source>
        <translation>reajuste del objetivo a esta altura</translation>
    </message>
    <message>
        <source>time the last 9 blocks took (s)</source>
        <translation>tiempo que tardaron los últimos 9 bloques (s)</translation>
    </message>
    <message>
        <source>that time, clamped (s)</source>
        <translation>ese tiempo, acotado (s)</translation>
    </message>
    <message>
        <source>time they should take (s)</source>
        <translation>tiempo que deberían tardar (s)</translation>
    </message>
    <message>
        <source>block hash</source>
        <translation>hash del bloque</translation>
    </message>
    <message>
        <source>nonce</source>
        <translation>nonce</translation>
    </message>
    <message>
        <source>timestamp</source>
        <translation>marca de tiempo</translation>
    </message>
    <message>
        <source>node&apos;s clock</source>
        <translation>reloj del nodo</translation>
    </message>
    <message>
        <source>allowed lead (s)</source>
        <translation>adelanto permitido (s)</translation>
    </message>
    <message>
        <source>latest allowed</source>
        <translation>hora máxima permitida</translation>
    </message>
    <message>
        <source>median time past</source>
        <translation>mediana de las marcas de tiempo anteriores</translation>
    </message>
    <message>
        <source>blocks in the median</source>
        <translation>bloques en la mediana</translation>
    </message>
    <message>
        <source>size (bytes)</source>
        <translation>tamaño (bytes)</translation>
    </message>
    <message>
        <source>limit (bytes)</source>
        <translation>límite (bytes)</translation>
    </message>
    <message>
        <source>transactions</source>
        <translation>transacciones</translation>
    </message>
    <message>
        <source>signature bytes</source>
        <translation>bytes de la firma</translation>
    </message>
    <message>
        <source>public key bytes</source>
        <translation>bytes de la clave pública</translation>
    </message>
    <message>
        <source>merkle root in the header</source>
        <translation>raíz de Merkle en la cabecera</translation>
    </message>
    <message>
        <source>merkle root of the transactions</source>
        <translation>raíz de Merkle de las transacciones</translation>
    </message>
    <message>
        <source>txids</source>
        <translation>txids</translation>
    </message>
    <message>
        <source>inputs</source>
        <translation>entradas</translation>
    </message>
    <message>
        <source>outputs</source>
        <translation>salidas</translation>
    </message>
    <message>
        <source>outputs total</source>
        <translation>total de las salidas</translation>
    </message>
    <message>
        <source>inputs total</source>
        <translation>total de las entradas</translation>
    </message>
    <message>
        <source>all coins there can be</source>
        <translation>todas las monedas que puede haber</translation>
    </message>
    <message>
        <source>coin spent (txid:output)</source>
        <translation>moneda gastada (txid:salida)</translation>
    </message>
    <message>
        <source>amount</source>
        <translation>importe</translation>
    </message>
    <message>
        <source>locked to (pubkey hash)</source>
        <translation>vinculada a (hash de clave pública)</translation>
    </message>
    <message>
        <source>created at height</source>
        <translation>creada a la altura</translation>
    </message>
    <message>
        <source>from a coinbase</source>
        <translation>de una coinbase</translation>
    </message>
    <message>
        <source>public key</source>
        <translation>clave pública</translation>
    </message>
    <message>
        <source>hash160 of the public key</source>
        <translation>hash160 de la clave pública</translation>
    </message>
    <message>
        <source>sighash (what was signed)</source>
        <translation>sighash (lo que se firmó)</translation>
    </message>
    <message>
        <source>signature</source>
        <translation>firma</translation>
    </message>
    <message>
        <source>fee</source>
        <translation>comisión</translation>
    </message>
    <message>
        <source>fees</source>
        <translation>comisiones</translation>
    </message>
    <message>
        <source>fees so far</source>
        <translation>comisiones hasta ahora</translation>
    </message>
    <message>
        <source>coinbase pays</source>
        <translation>la coinbase paga</translation>
    </message>
    <message>
        <source>block reward</source>
        <translation>recompensa del bloque</translation>
    </message>
    <message>
        <source>allowed (reward + fees)</source>
        <translation>permitido (recompensa + comisiones)</translation>
    </message>
    <message>
        <source>%1 coins</source>
        <translation>%1 monedas</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>sí</translation>
    </message>
    <message>
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <source>header</source>
        <translation>cabecera</translation>
    </message>
    <message>
        <source>block</source>
        <translation>bloque</translation>
    </message>
    <message>
        <source>transaction</source>
        <translation>transacción</translation>
    </message>
</context>
<context>
    <name>mbc::ui::SendForm</name>
    <message>
        <source>the node&apos;s estimate: %1</source>
        <translation>estimación del nodo: %1</translation>
    </message>
    <message>
        <source>To address:</source>
        <translation>A la dirección:</translation>
    </message>
    <message>
        <source>40 hex digits</source>
        <translation>40 dígitos hexadecimales</translation>
    </message>
    <message>
        <source>Amount (coins):</source>
        <translation>Importe (monedas):</translation>
    </message>
    <message>
        <source>e.g. 12.5 (up to 8 decimals)</source>
        <translation>p. ej. 12.5 (hasta 8 decimales)</translation>
    </message>
    <message>
        <source>Fee (coins):</source>
        <translation>Comisión (monedas):</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Revisar</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Enviar</translation>
    </message>
    <message>
        <source>The amount must be a number of coins above zero, with at most 8 decimals.</source>
        <translation>El importe debe ser un número de monedas mayor que cero, con 8 decimales como máximo.</translation>
    </message>
    <message>
        <source>The fee must be a number of coins, with at most 8 decimals.</source>
        <translation>La comisión debe ser un número de monedas, con 8 decimales como máximo.</translation>
    </message>
    <message>
        <source>Preparing the payment...</source>
        <translation>Preparando el pago...</translation>
    </message>
    <message>
        <source>Sending...</source>
        <translation>Enviando...</translation>
    </message>
    <message>
        <source>The node refused the payment: %1</source>
        <translation>El nodo rechazó el pago: %1</translation>
    </message>
    <message>
        <source>Sent: transaction %1 is in the mempool, pending until a block confirms it.</source>
        <translation>Enviado: la transacción %1 está en el mempool, pendiente hasta que un bloque la confirme.</translation>
    </message>
    <message>
        <source>largest coins first (the fewest inputs)</source>
        <translation>primero las monedas más grandes (el menor número de entradas)</translation>
    </message>
    <message>
        <source>Remove this recipient</source>
        <translation>Quitar este destinatario</translation>
    </message>
    <message>
        <source>Add a recipient</source>
        <translation>Añadir un destinatario</translation>
    </message>
    <message>
        <source>%1 (yours)</source>
        <translation>%1 (suya)</translation>
    </message>
    <message>
        <source>Coins: the wallet chooses, %1; frozen coins are never spent.</source>
        <translation>Monedas: elige el monedero, %1; las monedas congeladas nunca se gastan.</translation>
    </message>
    <message>
        <source>Pay %1 coins to %2.</source>
        <translation>Pagar %1 monedas a %2.</translation>
    </message>
    <message>
        <source>Fee: %1 coins (%2 bytes).</source>
        <translation>Comisión: %1 monedas (%2 bytes).</translation>
    </message>
    <message>
        <source>%1 coins come back as change, to %2.</source>
        <translation>%1 monedas vuelven como cambio, a %2.</translation>
    </message>
    <message>
        <source>Coins spent (chosen by you):</source>
        <translation>Monedas gastadas (elegidas por usted):</translation>
    </message>
    <message>
        <source>Coins spent (chosen by the wallet, %1):</source>
        <translation>Monedas gastadas (elegidas por el monedero, %1):</translation>
    </message>
    <message>
        <source>Press Send to confirm.</source>
        <translation>Pulse «Enviar» para confirmar.</translation>
    </message>
    <message>
        <source>Coins: exactly those ticked on the Coins tab (%1, worth %2 coins).</source>
        <translation>Monedas: exactamente las marcadas en la pestaña «Monedas» (%1, por valor de %2 monedas).</translation>
    </message>
    <message>
        <source>Label (address book):</source>
        <translation>Etiqueta (libreta de direcciones):</translation>
    </message>
    <message>
        <source>optional: who this is</source>
        <translation>opcional: quién es</translation>
    </message>
    <message>
        <source>Check every rule</source>
        <translation>Comprobar todas las reglas</translation>
    </message>
    <message>
        <source>See the node check this payment rule by rule, without sending it</source>
        <translation>Ver cómo el nodo comprueba este pago regla por regla, sin enviarlo</translation>
    </message>
</context>
<context>
    <name>mbc::ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Ajustes</translation>
    </message>
    <message>
        <source>default (main, or as the environment says)</source>
        <translation>predeterminada (main, o lo que diga el entorno)</translation>
    </message>
    <message>
        <source>main</source>
        <translation>main</translation>
    </message>
    <message>
        <source>regtest (instant blocks, for demos)</source>
        <translation>regtest (bloques instantáneos, para demostraciones)</translation>
    </message>
    <message>
        <source>default: the platform&apos;s app-data folder</source>
        <translation>predeterminada: la carpeta de datos de aplicaciones de la plataforma</translation>
    </message>
    <message>
        <source>empty: SQLite in the data folder; or postgresql://...</source>
        <translation>vacía: SQLite en la carpeta de datos; o postgresql://...</translation>
    </message>
    <message>
        <source>default: 127.0.0.1 (0.0.0.0 lets other machines in)</source>
        <translation>predeterminada: 127.0.0.1 (0.0.0.0 deja entrar a otras máquinas)</translation>
    </message>
    <message>
        <source>default (8000)</source>
        <translation>predeterminado (8000)</translation>
    </message>
    <message>
        <source>http://host:port, comma-separated</source>
        <translation>http://host:puerto, separados por comas</translation>
    </message>
    <message>
        <source>default (all cores)</source>
        <translation>predeterminado (todos los núcleos)</translation>
    </message>
    <message>
        <source>the system&apos;s</source>
        <translation>el del sistema</translation>
    </message>
    <message>
        <source>Network:</source>
        <translation>Red:</translation>
    </message>
    <message>
        <source>Data folder:</source>
        <translation>Carpeta de datos:</translation>
    </message>
    <message>
        <source>Database URL:</source>
        <translation>URL de la base de datos:</translation>
    </message>
    <message>
        <source>REST bind address:</source>
        <translation>Dirección de escucha REST:</translation>
    </message>
    <message>
        <source>REST port:</source>
        <translation>Puerto REST:</translation>
    </message>
    <message>
        <source>Peers:</source>
        <translation>Pares:</translation>
    </message>
    <message>
        <source>Mining threads:</source>
        <translation>Hilos de minería:</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Idioma:</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>An unlocked wallet locks itself after this long without use.</source>
        <translation>Un monedero desbloqueado se bloquea solo tras este tiempo sin uso.</translation>
    </message>
    <message>
        <source>The language and the wallet&apos;s lock change at once; the node&apos;s settings apply when MiniBitcoin starts again. Flags and environment variables still win over them.</source>
        <translation>El idioma y el bloqueo del monedero cambian al instante; los ajustes del nodo se aplican cuando MiniBitcoin vuelve a iniciarse. Las opciones y variables de entorno siguen teniendo prioridad.</translation>
    </message>
    <message>
        <source>Lock the wallet after:</source>
        <translation>Bloquear el monedero tras:</translation>
    </message>
    <message>
        <source>Peers: &quot;%1&quot; is not a node&apos;s address (use http://host:port).</source>
        <translation>Pares: «%1» no es la dirección de un nodo (use http://host:puerto).</translation>
    </message>
    <message>
        <source>Database URL: leave it empty for SQLite, or give a postgresql:// URL.</source>
        <translation>URL de la base de datos: déjela vacía para SQLite o indique una URL postgresql://.</translation>
    </message>
    <message>
        <source>REST bind address: &quot;%1&quot; is not an IP address (try 127.0.0.1, or 0.0.0.0 for every interface).</source>
        <translation>Dirección de escucha REST: «%1» no es una dirección IP (pruebe 127.0.0.1, o 0.0.0.0 para todas las interfaces).</translation>
    </message>
</context>
<context>
    <name>mbc::ui::ValidationLab</name>
    <message>
        <source>Pay one unit more (first payment, first output)</source>
        <translation>Pagar una unidad más (primer pago, primera salida)</translation>
    </message>
    <message>
        <source>Flip one bit of a signature</source>
        <translation>Invertir un bit de una firma</translation>
    </message>
    <message>
        <source>Move the timestamp three hours ahead</source>
        <translation>Adelantar la marca de tiempo tres horas</translation>
    </message>
    <message>
        <source>Move the timestamp a day back</source>
        <translation>Retrasar la marca de tiempo un día</translation>
    </message>
    <message>
        <source>Change the nonce</source>
        <translation>Cambiar el nonce</translation>
    </message>
    <message>
        <source>Halve the target (claim more work)</source>
        <translation>Reducir el objetivo a la mitad (alegar más trabajo)</translation>
    </message>
    <message>
        <source>output 0 of transaction %1: %2 -&gt; %3 coins</source>
        <translation>salida 0 de la transacción %1: %2 -&gt; %3 monedas</translation>
    </message>
    <message>
        <source>input 0 of transaction %1: bit 0 of signature byte 6 flipped</source>
        <translation>entrada 0 de la transacción %1: bit 0 del byte 6 de la firma invertido</translation>
    </message>
    <message>
        <source>timestamp %1 -&gt; %2</source>
        <translation>marca de tiempo %1 -&gt; %2</translation>
    </message>
    <message>
        <source>nonce %1 -&gt; %2: the hash no longer meets the target</source>
        <translation>nonce %1 -&gt; %2: el hash ya no cumple el objetivo</translation>
    </message>
    <message>
        <source>target %1 -&gt; %2</source>
        <translation>objetivo %1 -&gt; %2</translation>
    </message>
    <message>
        <source>nonce %1 -&gt; %2: every nonce tried meets this target, it is that easy</source>
        <translation>nonce %1 -&gt; %2: todos los nonces probados cumplen este objetivo, así de fácil es</translation>
    </message>
</context>
<context>
    <name>mbc::ui::ValidationPage</name>
    <message>
        <source>Validation X-ray</source>
        <translation>Rayos X de la validación</translation>
    </message>
    <message>
        <source>Paste a block or a transaction as JSON, or open one from the Explorer: the node checks it as it would check one from a peer, and shows every rule in its order with the values it compared. Then change one field and see which rule catches it. Nothing is stored or sent.</source>
        <translation>Pegue un bloque o una transacción como JSON, o ábralo desde el Explorador: el nodo lo comprueba como comprobaría uno recibido de un par, y muestra cada regla en su orden con los valores que comparó. Después cambie un campo y vea qué regla lo detecta. No se guarda ni se envía nada.</translation>
    </message>
    <message>
        <source>{&quot;header&quot;: {...}, &quot;transactions&quot;: [...]} or {&quot;inputs&quot;: [...], &quot;outputs&quot;: [...]}</source>
        <translation>{&quot;header&quot;: {...}, &quot;transactions&quot;: [...]} o {&quot;inputs&quot;: [...], &quot;outputs&quot;: [...]}</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Comprobar</translation>
    </message>
    <message>
        <source>Then seal the block again (merkle root, nonce)</source>
        <translation>Después volver a sellar el bloque (raíz de Merkle, nonce)</translation>
    </message>
    <message>
        <source>As a forger would: recompute the merkle root and look for a nonce, so that the rules behind the proof of work get their turn.</source>
        <translation>Como haría un falsificador: recalcular la raíz de Merkle y buscar un nonce, para que también les llegue el turno a las reglas que van tras la prueba de trabajo.</translation>
    </message>
    <message>
        <source>Change and check</source>
        <translation>Cambiar y comprobar</translation>
    </message>
    <message>
        <source>Check something first, then change one field of it</source>
        <translation>Compruebe primero algo y luego cambie uno de sus campos</translation>
    </message>
    <message>
        <source>This node has no such block.</source>
        <translation>Este nodo no tiene ese bloque.</translation>
    </message>
    <message>
        <source>This node has no such transaction.</source>
        <translation>Este nodo no tiene esa transacción.</translation>
    </message>
    <message>
        <source>This is not JSON: %1</source>
        <translation>Esto no es JSON: %1</translation>
    </message>
    <message>
        <source>This is not a block: %1</source>
        <translation>Esto no es un bloque: %1</translation>
    </message>
    <message>
        <source>This is neither a block (header and transactions) nor a transaction: %1</source>
        <translation>Esto no es ni un bloque (cabecera y transacciones) ni una transacción: %1</translation>
    </message>
    <message>
        <source>That change does not apply here (a block with no payment has no signature to change).</source>
        <translation>Ese cambio no se aplica aquí (un bloque sin pagos no tiene ninguna firma que cambiar).</translation>
    </message>
    <message>
        <source>; sealed again: new merkle root, nonce %1</source>
        <translation>; sellado de nuevo: nueva raíz de Merkle, nonce %1</translation>
    </message>
    <message>
        <source>Changed: %1</source>
        <translation>Cambiado: %1</translation>
    </message>
    <message>
        <source>Checking...</source>
        <translation>Comprobando...</translation>
    </message>
    <message>
        <source>an empty chain (it is a genesis block)</source>
        <translation>una cadena vacía (es un bloque génesis)</translation>
    </message>
    <message>
        <source>the chain up to height %1, as it was before this block</source>
        <translation>la cadena hasta la altura %1, tal como era antes de este bloque</translation>
    </message>
    <message>
        <source>the chain&apos;s tip and the transactions waiting in the mempool</source>
        <translation>la punta de la cadena y las transacciones que esperan en el mempool</translation>
    </message>
    <message>
        <source>its block at height %1, as the chain was before it</source>
        <translation>su bloque a la altura %1, tal como era la cadena antes de él</translation>
    </message>
    <message>
        <source>its parent on a side branch: only the header and structure rules (the node keeps the coins of the active chain only)</source>
        <translation>su padre en una rama lateral: solo las reglas de cabecera y de estructura (el nodo solo guarda las monedas de la cadena activa)</translation>
    </message>
    <message>
        <source>nothing: this node does not know its parent</source>
        <translation>nada: este nodo no conoce a su padre</translation>
    </message>
    <message>
        <source>Valid block: all %1 rules checked passed.</source>
        <translation>Bloque válido: se cumplen las %1 reglas comprobadas.</translation>
    </message>
    <message>
        <source>Valid transaction: all %1 rules checked passed.</source>
        <translation>Transacción válida: se cumplen las %1 reglas comprobadas.</translation>
    </message>
    <message>
        <source>Fee: %1 coins.</source>
        <translation>Comisión: %1 monedas.</translation>
    </message>
    <message>
        <source>Invalid block: %1</source>
        <translation>Bloque no válido: %1</translation>
    </message>
    <message>
        <source>Invalid transaction: %1</source>
        <translation>Transacción no válida: %1</translation>
    </message>
    <message>
        <source>Checked against %1.</source>
        <translation>Se comprobó frente a %1.</translation>
    </message>
    <message>
        <source>(%1 passing rules are not listed.)</source>
        <translation>(No se listan %1 reglas cumplidas.)</translation>
    </message>
    <message>
        <source>Dry run: nothing was stored or sent.</source>
        <translation>Simulación: no se guardó ni se envió nada.</translation>
    </message>
    <message>
        <source>passed</source>
        <translation>cumplida</translation>
    </message>
    <message>
        <source>FAILED</source>
        <translation>INCUMPLIDA</translation>
    </message>
    <message>
        <source>; sealed again, but no nonce found in %1 seconds</source>
        <translation>; sellado de nuevo, pero no se encontró ningún nonce en %1 segundos</translation>
    </message>
    <message>
        <source>nothing: it is a genesis block other than this chain&apos;s, so only its header and structure rules apply</source>
        <translation>nada: es un bloque génesis distinto del de esta cadena, así que solo se aplican las reglas de cabecera y estructura</translation>
    </message>
    <message>
        <source>The node no longer keeps this refused block (it keeps the last few).</source>
        <translation>El nodo ya no guarda este bloque rechazado (solo guarda los últimos).</translation>
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
        <translation>no se puede escribir %1: %2</translation>
    </message>
    <message>
        <source>%1 already exists</source>
        <translation>%1 ya existe</translation>
    </message>
    <message>
        <source>choose a passphrase: it protects the private keys</source>
        <translation>elija una frase de contraseña: protege las claves privadas</translation>
    </message>
    <message>
        <source>there is no wallet yet</source>
        <translation>todavía no hay monedero</translation>
    </message>
    <message>
        <source>%1 is not an address</source>
        <translation>%1 no es una dirección</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Etiqueta</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Dirección</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>Confirmado</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Pendiente</translation>
    </message>
    <message>
        <source>the recipient&apos;s address must be 40 hex digits (a pubkey hash)</source>
        <translation>la dirección del destinatario debe tener 40 dígitos hexadecimales (un hash de clave pública)</translation>
    </message>
    <message>
        <source>the amount must be more than zero</source>
        <translation>el importe debe ser mayor que cero</translation>
    </message>
    <message>
        <source>wrong passphrase (or the wallet file was changed)</source>
        <translation>frase de contraseña incorrecta (o el archivo del monedero fue modificado)</translation>
    </message>
    <message>
        <source>the wallet is locked: unlock it first</source>
        <translation>el monedero está bloqueado: desbloquéelo primero</translation>
    </message>
    <message>
        <source>the wallet already has this key</source>
        <translation>el monedero ya tiene esta clave</translation>
    </message>
    <message>
        <source>a private key is 64 hex digits, a number between 1 and the curve order</source>
        <translation>una clave privada son 64 dígitos hexadecimales, un número entre 1 y el orden de la curva</translation>
    </message>
    <message>
        <source>the wallet has no key for this address</source>
        <translation>el monedero no tiene clave para esta dirección</translation>
    </message>
    <message>
        <source>the wallet file is damaged or not a MiniBitcoin keystore (%1)</source>
        <translation>el archivo del monedero está dañado o no es un almacén de claves de MiniBitcoin (%1)</translation>
    </message>
    <message>
        <source>the address must be 40 hex digits (a pubkey hash)</source>
        <translation>la dirección debe tener 40 dígitos hexadecimales (un hash de clave pública)</translation>
    </message>
    <message>
        <source>a contact needs a name</source>
        <translation>un contacto necesita un nombre</translation>
    </message>
    <message>
        <source>choose a contact first</source>
        <translation>elija primero un contacto</translation>
    </message>
    <message>
        <source>add a recipient</source>
        <translation>añada un destinatario</translation>
    </message>
    <message>
        <source>the coin %1 cannot be spent now: it is frozen, spent, or an unconfirmed payment spends it</source>
        <translation>la moneda %1 no se puede gastar ahora: está congelada, gastada o la gasta un pago sin confirmar</translation>
    </message>
    <message>
        <source>insufficient funds: the %1 %2 coins to spend, the payment needs %3 (amounts and fee)</source>
        <translation>fondos insuficientes: %1 %2 monedas para gastar, el pago necesita %3 (importes y comisión)</translation>
    </message>
    <message>
        <source>chosen coins have</source>
        <translation>las monedas elegidas suman</translation>
    </message>
    <message>
        <source>wallet has</source>
        <translation>el monedero tiene</translation>
    </message>
    <message>
        <source>a backup goes elsewhere than the wallet file itself</source>
        <translation>una copia de seguridad debe ir a otro sitio que el propio archivo del monedero</translation>
    </message>
    <message>
        <source>choose one of the wallet&apos;s addresses to sign with</source>
        <translation>elija una de las direcciones del monedero para firmar</translation>
    </message>
    <message>
        <source>the signature is malformed: it is 88 characters of base64, as Sign makes it</source>
        <translation>la firma está mal formada: son 88 caracteres de base64, tal como la genera «Firmar»</translation>
    </message>
    <message>
        <source>not valid: this address&apos;s key did not sign this message (or the message differs from the one signed)</source>
        <translation>no válida: la clave de esta dirección no firmó este mensaje (o el mensaje difiere del firmado)</translation>
    </message>
    <message>
        <source>request</source>
        <translation>solicitud</translation>
    </message>
    <message>
        <source>this wallet was made before recovery words: back up its file instead</source>
        <translation>este monedero se creó antes de las palabras de recuperación: haga en su lugar una copia de seguridad de su archivo</translation>
    </message>
    <message>
        <source>recovery words come in 12, 15, 18, 21 or 24; these are %1</source>
        <translation>las palabras de recuperación son 12, 15, 18, 21 o 24; estas son %1</translation>
    </message>
    <message>
        <source>word %1, &quot;%2&quot;, is not one of the recovery words&apos; list</source>
        <translation>la palabra %1, «%2», no está en la lista de palabras de recuperación</translation>
    </message>
    <message>
        <source>these words are all in the list, but their checksum does not match: a word is wrong or out of order</source>
        <translation>todas estas palabras están en la lista, pero su suma de comprobación no coincide: una palabra es incorrecta o está fuera de orden</translation>
    </message>
    <message>
        <source>another MiniBitcoin (the app or minibitcoin-cli) is using %1: close it, then start again</source>
        <translation>otro MiniBitcoin (la aplicación o minibitcoin-cli) está usando %1: ciérrelo y vuelva a iniciar</translation>
    </message>
    <message>
        <source>at most %1 coins can be frozen</source>
        <translation>se pueden congelar como máximo %1 monedas</translation>
    </message>
    <message>
        <source>the wallet keeps at most %1 requests</source>
        <translation>el monedero guarda como máximo %1 solicitudes</translation>
    </message>
    <message>
        <source>the node says more addresses of these words were used than any wallet has; check that it is a node you trust</source>
        <translation>el nodo dice que se usaron más direcciones de estas palabras de las que tiene cualquier monedero; compruebe que es un nodo de confianza</translation>
    </message>
    <message>
        <source>the folder %1 (or one above it) belongs to another user, or others can change it, so its wallet is not opened; choose another data folder in Settings</source>
        <translation>la carpeta %1 (o una superior) pertenece a otro usuario, u otros pueden cambiarla, así que su monedero no se abre; elija otra carpeta de datos en Ajustes</translation>
    </message>
</context>
<context>
    <name>mbc::ui::WalletPage</name>
    <message>
        <source>Wallet</source>
        <translation>Monedero</translation>
    </message>
    <message>
        <source>passphrase</source>
        <translation>frase de contraseña</translation>
    </message>
    <message>
        <source>label of a new address</source>
        <translation>etiqueta de una dirección nueva</translation>
    </message>
    <message>
        <source>New address</source>
        <translation>Dirección nueva</translation>
    </message>
    <message>
        <source>private key to import (64 hex digits)</source>
        <translation>clave privada a importar (64 dígitos hexadecimales)</translation>
    </message>
    <message>
        <source>Import key</source>
        <translation>Importar clave</translation>
    </message>
    <message>
        <source>Copy address</source>
        <translation>Copiar dirección</translation>
    </message>
    <message>
        <source>Mine to this address</source>
        <translation>Minar a esta dirección</translation>
    </message>
    <message>
        <source>I understand that anyone who sees a private key can spend its coins</source>
        <translation>Entiendo que cualquiera que vea una clave privada puede gastar sus monedas</translation>
    </message>
    <message>
        <source>Show private key</source>
        <translation>Mostrar clave privada</translation>
    </message>
    <message>
        <source>The wallet file cannot be used: %1</source>
        <translation>No se puede usar el archivo del monedero: %1</translation>
    </message>
    <message>
        <source>Locked: unlock to add keys or see a private key.</source>
        <translation>Bloqueado: desbloquee para añadir claves o ver una clave privada.</translation>
    </message>
    <message>
        <source>Unlocked.</source>
        <translation>Desbloqueado.</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Desbloquear</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>Bloquear</translation>
    </message>
    <message>
        <source>Confirmed: %1 coins    Pending: %2 coins</source>
        <translation>Confirmado: %1 monedas    Pendiente: %2 monedas</translation>
    </message>
    <message>
        <source>first address</source>
        <translation>primera dirección</translation>
    </message>
    <message>
        <source>Locked.</source>
        <translation>Bloqueado.</translation>
    </message>
    <message>
        <source>New address %1.</source>
        <translation>Dirección nueva %1.</translation>
    </message>
    <message>
        <source>Key imported: %1.</source>
        <translation>Clave importada: %1.</translation>
    </message>
    <message>
        <source>Select an address first.</source>
        <translation>Seleccione primero una dirección.</translation>
    </message>
    <message>
        <source>Copied %1 to the clipboard.</source>
        <translation>%1 copiada al portapapeles.</translation>
    </message>
    <message>
        <source>Tick the warning first: a private key spends its coins.</source>
        <translation>Marque primero la advertencia: una clave privada gasta sus monedas.</translation>
    </message>
    <message>
        <source>Private key of %1: %2</source>
        <translation>Clave privada de %1: %2</translation>
    </message>
    <message>
        <source>Addresses</source>
        <translation>Direcciones</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Enviar</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Historial</translation>
    </message>
    <message>
        <source>Show recovery words</source>
        <translation>Mostrar palabras de recuperación</translation>
    </message>
    <message>
        <source>Coins</source>
        <translation>Monedas</translation>
    </message>
    <message>
        <source>Receive</source>
        <translation>Recibir</translation>
    </message>
    <message>
        <source>Backup and signing</source>
        <translation>Copia de seguridad y firma</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>Contactos</translation>
    </message>
    <message>
        <source>Let the wallet choose</source>
        <translation>Dejar que elija el monedero</translation>
    </message>
    <message>
        <source>Tick coins to spend exactly those on the Send tab; freeze the ones no payment may spend. Unticked, the wallet chooses.</source>
        <translation>Marque monedas para gastar exactamente esas en la pestaña «Enviar»; congele las que ningún pago pueda gastar. Sin marcar, elige el monedero.</translation>
    </message>
    <message>
        <source>This payment link cannot be used: %1.</source>
        <translation>Este enlace de pago no se puede usar: %1.</translation>
    </message>
    <message>
        <source>Payment request for %1 coins to %2.</source>
        <translation>Solicitud de pago de %1 monedas a %2.</translation>
    </message>
    <message>
        <source>any number of</source>
        <translation>cualquier cantidad de</translation>
    </message>
    <message>
        <source>From: %1.</source>
        <translation>De: %1.</translation>
    </message>
    <message>
        <source>Message: %1</source>
        <translation>Mensaje: %1</translation>
    </message>
    <message>
        <source>Check it, then Review and Send.</source>
        <translation>Compruébela y luego pulse «Revisar» y «Enviar».</translation>
    </message>
    <message>
        <source>First address: %1.</source>
        <translation>Primera dirección: %1.</translation>
    </message>
    <message>
        <source>Tick the warning first: the recovery words spend every coin.</source>
        <translation>Marque primero la advertencia: las palabras de recuperación gastan todas las monedas.</translation>
    </message>
    <message>
        <source>Recovery words:</source>
        <translation>Palabras de recuperación:</translation>
    </message>
    <message>
        <source>Ticked: %1, worth %2 coins. The next payment spends exactly these.</source>
        <translation>Marcadas: %1, por valor de %2 monedas. El próximo pago gasta exactamente estas.</translation>
    </message>
    <message>
        <source>There is no wallet to back up yet.</source>
        <translation>Todavía no hay ningún monedero que copiar.</translation>
    </message>
    <message>
        <source>A wallet is open here. To restore another, quit, move %1 away, and start again: the Wallet pane then offers to restore from recovery words or a backup file.</source>
        <translation>Hay un monedero abierto. Para restaurar otro, salga, mueva %1 a otro lugar y vuelva a iniciar: el panel «Monedero» ofrecerá entonces restaurar desde las palabras de recuperación o una copia de seguridad.</translation>
    </message>
    <message>
        <source>Type the recovery words, or choose a backup file, with the passphrase.</source>
        <translation>Escriba las palabras de recuperación o elija una copia de seguridad, con la frase de contraseña.</translation>
    </message>
</context>
<context>
    <name>mbc::ui::WalletSetup</name>
    <message>
        <source>Restore a wallet backup</source>
        <translation>Restaurar una copia de seguridad del monedero</translation>
    </message>
    <message>
        <source>Wallet files (*.json)</source>
        <translation>Archivos de monedero (*.json)</translation>
    </message>
    <message>
        <source>There is no wallet yet. Choose a passphrase: it encrypts the private keys and the recovery words in %1 (scrypt and AES-256-GCM). Without it nobody, you included, can spend from them.</source>
        <translation>Todavía no hay monedero. Elija una frase de contraseña: cifra las claves privadas y las palabras de recuperación en %1 (scrypt y AES-256-GCM). Sin ella nadie, ni siquiera usted, puede gastar con ellas.</translation>
    </message>
    <message>
        <source>Passphrase:</source>
        <translation>Frase de contraseña:</translation>
    </message>
    <message>
        <source>Repeat it:</source>
        <translation>Repítala:</translation>
    </message>
    <message>
        <source>12 recovery words</source>
        <translation>12 palabras de recuperación</translation>
    </message>
    <message>
        <source>24 recovery words</source>
        <translation>24 palabras de recuperación</translation>
    </message>
    <message>
        <source>Create the wallet</source>
        <translation>Crear el monedero</translation>
    </message>
    <message>
        <source>Or bring back a wallet from its recovery words (the node looks for every address they were used with):</source>
        <translation>O recupere un monedero a partir de sus palabras de recuperación (el nodo busca todas las direcciones con las que se usaron):</translation>
    </message>
    <message>
        <source>the recovery words, in order</source>
        <translation>las palabras de recuperación, en orden</translation>
    </message>
    <message>
        <source>Restore from the words</source>
        <translation>Restaurar desde las palabras</translation>
    </message>
    <message>
        <source>Restore a backup file…</source>
        <translation>Restaurar un archivo de copia de seguridad…</translation>
    </message>
    <message>
        <source>These are the wallet&apos;s recovery words. Write them down, in order, and keep them offline: they are the only way back to the coins if this computer or its wallet file is lost, and anyone who has them can spend the coins. They are shown now; later only for the passphrase.</source>
        <translation>Estas son las palabras de recuperación del monedero. Anótelas, en orden, y guárdelas sin conexión: son la única forma de recuperar las monedas si se pierde este ordenador o su archivo del monedero, y cualquiera que las tenga puede gastar las monedas. Se muestran ahora; más adelante, solo con la frase de contraseña.</translation>
    </message>
    <message>
        <source>I have written them down</source>
        <translation>Ya las he anotado</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Type two of the words, to check they were written down well.</source>
        <translation>Escriba dos de las palabras para comprobar que se anotaron bien.</translation>
    </message>
    <message>
        <source>Word %1:</source>
        <translation>Palabra %1:</translation>
    </message>
    <message>
        <source>Confirm and create the wallet</source>
        <translation>Confirmar y crear el monedero</translation>
    </message>
    <message>
        <source>Show the words again</source>
        <translation>Mostrar de nuevo las palabras</translation>
    </message>
    <message>
        <source>Choose a passphrase: it protects the private keys.</source>
        <translation>Elija una frase de contraseña: protege las claves privadas.</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>Las dos frases de contraseña no coinciden.</translation>
    </message>
    <message>
        <source>A word is not the one shown: look at what you wrote down, or show the words again.</source>
        <translation>Una palabra no es la que se mostró: revise lo que anotó o vuelva a mostrar las palabras.</translation>
    </message>
    <message>
        <source>Wallet created. Its recovery words bring it back anywhere.</source>
        <translation>Monedero creado. Sus palabras de recuperación lo restauran en cualquier lugar.</translation>
    </message>
    <message>
        <source>Looking for the wallet&apos;s addresses on the chain…</source>
        <translation>Buscando las direcciones del monedero en la cadena…</translation>
    </message>
    <message>
        <source>Wallet restored from its recovery words; addresses found: %1.</source>
        <translation>Monedero restaurado a partir de sus palabras de recuperación; direcciones encontradas: %1.</translation>
    </message>
    <message>
        <source>Type the backup&apos;s passphrase (twice) first.</source>
        <translation>Escriba primero la frase de contraseña de la copia de seguridad (dos veces).</translation>
    </message>
    <message>
        <source>Wallet restored from %1.</source>
        <translation>Monedero restaurado desde %1.</translation>
    </message>
</context>
<context>
    <name>mbc::ui::WalletToolsTab</name>
    <message>
        <source>Back up the wallet</source>
        <translation>Hacer una copia de seguridad del monedero</translation>
    </message>
    <message>
        <source>Wallet files (*.json)</source>
        <translation>Archivos de monedero (*.json)</translation>
    </message>
    <message>
        <source>Backup</source>
        <translation>Copia de seguridad</translation>
    </message>
    <message>
        <source>A copy of the wallet file, its keys sealed with the passphrase as they are. Keep it elsewhere than this computer; the recovery words bring back the keys, a backup also the labels and requests.</source>
        <translation>Una copia del archivo del monedero, con sus claves selladas con la frase de contraseña tal como están. Guárdela fuera de este ordenador; las palabras de recuperación restauran las claves, y una copia de seguridad también las etiquetas y las solicitudes.</translation>
    </message>
    <message>
        <source>Back up the wallet to a file…</source>
        <translation>Copia de seguridad del monedero en un archivo…</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>Frase de contraseña</translation>
    </message>
    <message>
        <source>current passphrase</source>
        <translation>frase de contraseña actual</translation>
    </message>
    <message>
        <source>new passphrase</source>
        <translation>frase de contraseña nueva</translation>
    </message>
    <message>
        <source>new passphrase again</source>
        <translation>repita la frase de contraseña nueva</translation>
    </message>
    <message>
        <source>Change the passphrase</source>
        <translation>Cambiar la frase de contraseña</translation>
    </message>
    <message>
        <source>Sign a message</source>
        <translation>Firmar un mensaje</translation>
    </message>
    <message>
        <source>the message, exactly as the reader will check it</source>
        <translation>el mensaje, exactamente como lo comprobará el lector</translation>
    </message>
    <message>
        <source>Sign</source>
        <translation>Firmar</translation>
    </message>
    <message>
        <source>the signature appears here</source>
        <translation>aquí aparece la firma</translation>
    </message>
    <message>
        <source>Verify a message</source>
        <translation>Verificar un mensaje</translation>
    </message>
    <message>
        <source>the signer&apos;s address</source>
        <translation>la dirección del firmante</translation>
    </message>
    <message>
        <source>the message</source>
        <translation>el mensaje</translation>
    </message>
    <message>
        <source>the signature</source>
        <translation>la firma</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>Verificar</translation>
    </message>
    <message>
        <source>The wallet is backed up in %1.</source>
        <translation>Copia de seguridad del monedero guardada en %1.</translation>
    </message>
    <message>
        <source>The two new passphrases differ.</source>
        <translation>Las dos frases de contraseña nuevas no coinciden.</translation>
    </message>
    <message>
        <source>The passphrase is changed: the wallet file is sealed with the new one.</source>
        <translation>La frase de contraseña ha cambiado: el archivo del monedero está sellado con la nueva.</translation>
    </message>
    <message>
        <source>Signed: give the reader the address, the message and the signature.</source>
        <translation>Firmado: dé al lector la dirección, el mensaje y la firma.</translation>
    </message>
    <message>
        <source>Valid: the key of %1 signed this message.</source>
        <translation>Válida: la clave de %1 firmó este mensaje.</translation>
    </message>
</context>
<context>
    <name>mbc::ui::explorer</name>
    <message>
        <source>Not found</source>
        <translation>No encontrado</translation>
    </message>
    <message>
        <source>No block %1 is stored.</source>
        <translation>No hay ningún bloque %1 guardado.</translation>
    </message>
    <message>
        <source>Height</source>
        <translation>Altura</translation>
    </message>
    <message>
        <source>Hash</source>
        <translation>Hash</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>active chain, %1 confirmations</source>
        <translation>cadena activa, %1 confirmaciones</translation>
    </message>
    <message>
        <source>side chain (not active)</source>
        <translation>cadena lateral (no activa)</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>Anterior</translation>
    </message>
    <message>
        <source>none (genesis)</source>
        <translation>ninguno (génesis)</translation>
    </message>
    <message>
        <source>Merkle root</source>
        <translation>Raíz de Merkle</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Hora</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Objetivo</translation>
    </message>
    <message>
        <source>Nonce</source>
        <translation>Nonce</translation>
    </message>
    <message>
        <source>Work (expected hashes)</source>
        <translation>Trabajo (hashes esperados)</translation>
    </message>
    <message>
        <source>Chain work</source>
        <translation>Trabajo de la cadena</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Tamaño</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 bytes</translation>
    </message>
    <message>
        <source>Transactions (%1)</source>
        <translation>Transacciones (%1)</translation>
    </message>
    <message>
        <source>%1 coins out</source>
        <translation>%1 monedas de salida</translation>
    </message>
    <message>
        <source>Block %1</source>
        <translation>Bloque %1</translation>
    </message>
    <message>
        <source>No transaction %1 in the active chain or the mempool.</source>
        <translation>No hay ninguna transacción %1 en la cadena activa ni en el mempool.</translation>
    </message>
    <message>
        <source>Txid</source>
        <translation>Txid</translation>
    </message>
    <message>
        <source>in block %1 at height %2, %3 confirmations</source>
        <translation>en el bloque %1 a la altura %2, %3 confirmaciones</translation>
    </message>
    <message>
        <source>in the mempool, not confirmed yet</source>
        <translation>en el mempool, aún sin confirmar</translation>
    </message>
    <message>
        <source>coinbase: new coins (block reward and fees)</source>
        <translation>coinbase: monedas nuevas (recompensa del bloque y comisiones)</translation>
    </message>
    <message>
        <source>(not looked up)</source>
        <translation>(no consultado)</translation>
    </message>
    <message>
        <source>%1 coins</source>
        <translation>%1 monedas</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>Comisión</translation>
    </message>
    <message>
        <source>Merkle proof</source>
        <translation>Prueba de Merkle</translation>
    </message>
    <message>
        <source>checked: position %1 of %2 leads to the block&apos;s merkle root</source>
        <translation>comprobada: la posición %1 de %2 lleva a la raíz de Merkle del bloque</translation>
    </message>
    <message>
        <source>does NOT lead to the block&apos;s merkle root</source>
        <translation>NO lleva a la raíz de Merkle del bloque</translation>
    </message>
    <message>
        <source>Inputs</source>
        <translation>Entradas</translation>
    </message>
    <message>
        <source>Outputs</source>
        <translation>Salidas</translation>
    </message>
    <message>
        <source>Transaction</source>
        <translation>Transacción</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Dirección</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>Saldo</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Recibido</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Enviado</translation>
    </message>
    <message>
        <source>Transactions</source>
        <translation>Transacciones</translation>
    </message>
    <message>
        <source>Unspent outputs (%1)</source>
        <translation>Salidas no gastadas (%1)</translation>
    </message>
    <message>
        <source>%1 coins at height %2</source>
        <translation>%1 monedas a la altura %2</translation>
    </message>
    <message>
        <source>History (newest first)</source>
        <translation>Historial (lo más reciente primero)</translation>
    </message>
    <message>
        <source>height %1: received %2, spent %3</source>
        <translation>altura %1: recibido %2, gastado %3</translation>
    </message>
    <message>
        <source>The chain has no block at height %1.</source>
        <translation>La cadena no tiene ningún bloque a la altura %1.</translation>
    </message>
    <message>
        <source>Search for a height, a block hash or txid (64 hex digits) or an address (40 hex digits); &quot;%1&quot; is none of these.</source>
        <translation>Busque una altura, un hash de bloque o txid (64 dígitos hexadecimales) o una dirección (40 dígitos hexadecimales); «%1» no es ninguno de ellos.</translation>
    </message>
    <message>
        <source>Check every rule of this block</source>
        <translation>Comprobar cada regla de este bloque</translation>
    </message>
    <message>
        <source>Check every rule of this transaction</source>
        <translation>Comprobar cada regla de esta transacción</translation>
    </message>
</context>
</TS>
