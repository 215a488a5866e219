// The REST server's connection budgets against clients that hold its resources, over real
// sockets in-process: a cap per address (another host is 127.0.0.2), deadlines for a request's
// head and body and for taking an answer, event listeners that never read, deferred answers
// past the idle timeout and in a budget of their own, what a failing store tells a client, and
// what web pages may send. Deadlines are short here so the suite runs in seconds; every wait
// is for an event, with generous timeouts.
#include <QElapsedTimer>
#include <QScopeGuard>
#include <QSemaphore>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include "net/raw_client.h"
#include "net/read_pool.h"
#include "net/rest_server.h"
#include "store/database.h"

#include <atomic>
#include <memory>

using namespace mbc;
using namespace mbc::net;
using namespace mbc::net::testing;

namespace {

constexpr int kWaitMs = 20'000;

} // namespace

class TestConnectionBudgets : public QObject {
    Q_OBJECT

    HttpLimits limits_;
    std::unique_ptr<RestServer> server_;
    std::vector<DeferredReply> waiting_; // the answers POST /slow was given
    QByteArray big_;

    void startServer(QStringList allowedOrigins = {}) {
        server_ = std::make_unique<RestServer>(
            limits_, AccessPolicy{0, "token", true, std::move(allowedOrigins), {}});
        server_->route("GET", "/health", Access::Public,
                       [](const ApiRequest&) { return ApiReply::text("{}", "application/json"); });
        server_->route("GET", "/big", Access::Public,
                       [this](const ApiRequest&) { return ApiReply::text(big_, "text/plain"); });
        server_->route("POST", "/upload", Access::Public,
                       [](const ApiRequest&) { return ApiReply::text("{}", "application/json"); });
        server_->route("GET", "/fail", Access::Public, [](const ApiRequest&) -> ApiReply {
            throw store::StoreError("INSERT INTO outputs (txid, vout) VALUES (?, ?)",
                                    store::StoreError::Kind::Failed, "db.example:5432/chain",
                                    "UNIQUE constraint failed: outputs.txid");
        });
        server_->routeDeferred(
            "POST", "/slow", Access::Admin,
            [this](const ApiRequest&, const DeferredReply& reply) { waiting_.push_back(reply); });
        server_->routeEventStream("/events");
        QVERIFY(!server_->listen("127.0.0.1", 0));
    }

private slots:
    void init() {
        limits_ = HttpLimits{};
        limits_.idleSeconds = 1;
        limits_.headSeconds = 1;
        limits_.minBytesPerSecond = 1'000'000;
        waiting_.clear();
        big_.clear();
    }
    void cleanup() {
        waiting_.clear();
        server_.reset();
    }

    // 16 connections from 127.0.0.2 that trickle their heads fill that address's share only:
    // the 17th is refused, and 127.0.0.1 is answered all the while.
    void oneAddressCannotTakeTheApiFromOthers() {
        limits_.headSeconds = 60;        // the slow heads stay for the whole test
        limits_.ownerOnLoopback = false; // 127.0.0.2 stands for another host
        startServer();
        std::vector<std::unique_ptr<RawClient>> slow;
        for (int i = 0; i < limits_.maxConnectionsPerAddress; ++i) {
            slow.push_back(std::make_unique<RawClient>(server_->port(), "127.0.0.2"));
            QTRY_VERIFY_WITH_TIMEOUT(slow.back()->connected(), kWaitMs);
            slow.back()->send("G");
        }
        QTRY_COMPARE_WITH_TIMEOUT(server_->openConnections(), limits_.maxConnectionsPerAddress,
                                  kWaitMs);
        RawClient oneMore(server_->port(), "127.0.0.2");
        QTRY_COMPARE_WITH_TIMEOUT(oneMore.status(), 429, kWaitMs);
        QVERIFY2(oneMore.received().contains("16 connections at once from one address"),
                 oneMore.received().constData());
        QTRY_VERIFY_WITH_TIMEOUT(oneMore.closed(), kWaitMs);

        RawClient honest(server_->port(), "127.0.0.1");
        honest.send(get("/health"));
        QTRY_COMPARE_WITH_TIMEOUT(honest.status(), 200, kWaitMs);
        for (const auto& c : slow)
            QVERIFY(!c->closed());
    }

    // A head that trickles in is answered 408 and closed at its deadline, however often a
    // byte arrives; so is an upload that stalls.
    void aSlowHeadAndAStalledUploadEndAtTheirDeadlines() {
        startServer();
        RawClient slowHead(server_->port(), "127.0.0.2");
        RawClient stalled(server_->port(), "127.0.0.2");
        QTRY_VERIFY_WITH_TIMEOUT(slowHead.connected() && stalled.connected(), kWaitMs);
        stalled.send("POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                     "application/json\r\nContent-Length: 100000\r\n\r\n{\"a\":");
        const QByteArray head = get("/health");
        int sent = 0;
        QElapsedTimer clock;
        clock.start();
        while (!slowHead.closed() && sent < head.size() - 1 && clock.elapsed() < kWaitMs) {
            slowHead.send(head.mid(sent++, 1));
            QTest::qWait(50);
        }
        QTRY_VERIFY_WITH_TIMEOUT(slowHead.closed(), kWaitMs);
        QCOMPARE(slowHead.status(), 408);
        QVERIFY(sent < head.size() - 1); // cut before the head was whole
        QVERIFY2(slowHead.received().contains("request-timeout"), slowHead.received().constData());
        QTRY_VERIFY_WITH_TIMEOUT(stalled.closed(), kWaitMs);
        QCOMPARE(stalled.status(), 408);
        QTRY_COMPARE_WITH_TIMEOUT(server_->openConnections(), 0, kWaitMs);
    }

    // What Qt's parser cannot take, or must not be handed, is refused or cut, and the
    // connection is closed and forgotten: one address sends more such requests than it may
    // hold connections, and is still answered afterwards.
    void hostileHeadsAreRefusedAndTheirConnectionsFreed_data() {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        QTest::newRow("garbage") << QByteArray("X\r\n\r\n") << 0; // Qt's parser drops it
        QTest::newRow("huge length")
            << QByteArray("POST /upload HTTP/1.1\r\nContent-Length: 2147418112\r\n\r\n{") << 413;
        QTest::newRow("bare line feeds")
            << QByteArray("POST /upload HTTP/1.1\nContent-Length: 2147418112\n\n{") << 413;
        QTest::newRow("negative length")
            << QByteArray("POST /upload HTTP/1.1\r\nContent-Length: -5\r\n\r\n") << 400;
        QTest::newRow("two lengths")
            << QByteArray("POST /upload HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: "
                          "3\r\n\r\n{}")
            << 400;
        QTest::newRow("chunked upload")
            << QByteArray("POST /upload HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                          "7fffffff\r\n{")
            << 411;
    }
    void hostileHeadsAreRefusedAndTheirConnectionsFreed() {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        limits_.ownerOnLoopback = false;
        startServer();
        for (int i = 0; i < limits_.maxConnectionsPerAddress + 2; ++i) {
            RawClient hostile(server_->port(), "127.0.0.2");
            hostile.send(request);
            QTRY_VERIFY_WITH_TIMEOUT(hostile.closed(), kWaitMs);
            if (status)
                QCOMPARE(hostile.status(), status);
        }
        QTRY_COMPARE_WITH_TIMEOUT(server_->openConnections(), 0, kWaitMs);
        RawClient after(server_->port(), "127.0.0.2");
        after.send(get("/health"));
        QTRY_COMPARE_WITH_TIMEOUT(after.status(), 200, kWaitMs);
    }

    // Requests being received share a memory budget past a small size, and one address a part
    // of it: slow uploads cannot add up; small requests always pass; a closed upload gives its
    // share back.
    void uploadsInFlightShareABudget() {
        limits_.headSeconds = 60; // the uploads, and the small client below, stay
        limits_.idleSeconds = 60;
        limits_.ownerOnLoopback = false;
        limits_.maxBufferedBytesPerAddress = 250'000;
        limits_.maxBufferedBytes = 400'000;
        startServer();
        const QByteArray head = "POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                                "application/json\r\nContent-Length: 1000000\r\n\r\n";
        const QByteArray part(150'000, ' ');
        const auto upload = [&](const QString& from) {
            auto c = std::make_unique<RawClient>(server_->port(), from);
            c->send(head + part);
            return c;
        };
        auto first = upload("127.0.0.2");
        QTRY_VERIFY_WITH_TIMEOUT(server_->bufferedRequestBytes() >= part.size(), kWaitMs);
        auto second = upload("127.0.0.2"); // 300 kB from one address: past its part
        QTRY_COMPARE_WITH_TIMEOUT(second->status(), 429, kWaitMs);
        auto third = upload("127.0.0.3");
        QTRY_VERIFY_WITH_TIMEOUT(server_->bufferedRequestBytes() >= 2 * part.size(), kWaitMs);
        auto fourth = upload("127.0.0.4"); // 450 kB in all: past the whole budget
        QTRY_COMPARE_WITH_TIMEOUT(fourth->status(), 429, kWaitMs);
        QVERIFY(fourth->received().contains("receiving too much at once"));
        RawClient small(server_->port(), "127.0.0.5");
        small.send(post("/upload", "{\"a\":1}"));
        QTRY_COMPARE_WITH_TIMEOUT(small.status(), 200, kWaitMs);
        QCOMPARE(first->status(), 0); // still uploading
        QCOMPARE(third->status(), 0);
        first.reset(); // gone: its share is free again
        QTRY_VERIFY_WITH_TIMEOUT(server_->bufferedRequestBytes() < 2 * part.size(), kWaitMs);
        auto again = upload("127.0.0.2");
        QTRY_VERIFY_WITH_TIMEOUT(server_->bufferedRequestBytes() >= 2 * part.size(), kWaitMs);
        QCOMPARE(again->status(), 0);
    }

    // A head behind another request on the same connection gets the same checks before Qt's
    // parser sees it (which would reserve the announced length).
    void aHeadBehindAnotherIsCheckedToo() {
        startServer();
        RawClient client(server_->port(), "127.0.0.2");
        client.send(get("/health") + "POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                                     "application/json\r\nContent-Length: 2147418112\r\n\r\n{");
        QTRY_VERIFY_WITH_TIMEOUT(client.closed(), kWaitMs);
        QCOMPARE(client.status(), 200);
        QVERIFY2(client.received().contains("HTTP/1.1 413"), client.received().constData());
    }

    // A request whose head arrives at once and whose body follows in time is answered.
    void aRequestInTimeIsAnswered() {
        startServer();
        RawClient client(server_->port(), "127.0.0.2");
        QTRY_VERIFY(client.connected());
        const QByteArray request = post("/upload", "{\"a\":1}");
        client.send(request.left(request.size() - 3));
        QTest::qWait(300);
        client.send(request.right(3));
        QTRY_COMPARE_WITH_TIMEOUT(client.status(), 200, kWaitMs);
        QVERIFY(!client.closed());
    }

    // A client that does not take a large answer loses its connection once the answer's
    // budget is spent; the node does not keep the answer for it.
    void anAnswerNobodyTakesIsDropped() {
        big_ = QByteArray(24'000'000, 'x'); // more than both kernel buffers hold
        limits_.minBytesPerSecond = 8'000'000;
        limits_.idleSeconds = 60; // only the answer's budget may end the connection
        startServer();
        RawClient reader(server_->port(), "127.0.0.2", 4096);
        QTRY_VERIFY(reader.connected());
        reader.stopReading();
        reader.send(get("/big"));
        QTRY_COMPARE_WITH_TIMEOUT(server_->openConnections(), 1, kWaitMs);
        QTRY_COMPARE_WITH_TIMEOUT(server_->openConnections(), 0, kWaitMs);
        reader.startReading(); // what reached it before the node let go: not the whole answer
        QTRY_VERIFY_WITH_TIMEOUT(reader.closed(), kWaitMs);
        QVERIFY(reader.received().size() < big_.size());

        RawClient taker(server_->port(), "127.0.0.2");
        taker.send(get("/big"));
        QTRY_VERIFY_WITH_TIMEOUT(taker.received().size() > big_.size(), kWaitMs);
        QCOMPARE(taker.status(), 200);
    }

    // A body or an answer that moves fast at first and then stalls is cut within a window of
    // the grace's length: an early burst pays for no long stall (on average, 4 MB at 20 kB/s
    // would last 200 s).
    void aFastStartBuysNoStall() {
        limits_.minBytesPerSecond = 20'000;
        limits_.idleSeconds = 600;
        startServer();
        RawClient upload(server_->port(), "127.0.0.2");
        QTRY_VERIFY(upload.connected());
        upload.send("POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                    "application/json\r\nContent-Length: 5000000\r\n\r\n" +
                    QByteArray(4'000'000, ' '));
        QTRY_VERIFY_WITH_TIMEOUT(upload.closed(), kWaitMs);
        QCOMPARE(upload.status(), 408);
        QTRY_COMPARE_WITH_TIMEOUT(server_->openConnections(), 0, kWaitMs);

        big_ = QByteArray(40'000'000, 'x'); // more than the kernel's buffers hold
        RawClient download(server_->port(), "127.0.0.2", 65536);
        download.send(get("/big"));
        QTRY_VERIFY_WITH_TIMEOUT(download.received().size() > 4'000'000, kWaitMs);
        download.stopReading();
        QTRY_COMPARE_WITH_TIMEOUT(server_->openConnections(), 0, kWaitMs);
        download.startReading();
        QTRY_VERIFY_WITH_TIMEOUT(download.closed(), kWaitMs);
        QVERIFY(download.received().size() < big_.size());
    }

    // A deferred answer (POST /mine, /sync) is not cut by the idle timeout while the node
    // works; such answers have a budget of their own.
    void deferredAnswersOutliveTheIdleTimeoutAndHaveABudget() {
        startServer();
        RawClient client(server_->port());
        client.send(post("/slow"));
        QTRY_COMPARE_WITH_TIMEOUT(int(waiting_.size()), 1, kWaitMs);
        QTest::qWait(limits_.idleSeconds * 2500);
        QVERIFY(!client.closed());
        waiting_.front().send(ApiReply::text("{\"done\":true}", "application/json"));
        QTRY_COMPARE_WITH_TIMEOUT(client.status(), 200, kWaitMs);
        QVERIFY(client.received().endsWith("{\"done\":true}"));
        waiting_.clear();
        QCOMPARE(server_->deferredPending(), 0);

        std::vector<std::unique_ptr<RawClient>> many; // from two addresses: one holds 16 at most
        for (int i = 0; i < RestServer::kMaxDeferredAnswers; ++i) {
            many.push_back(
                std::make_unique<RawClient>(server_->port(), i % 2 ? "127.0.0.2" : "127.0.0.3"));
            many.back()->send(post("/slow"));
        }
        QTRY_COMPARE_WITH_TIMEOUT(server_->deferredPending(), RestServer::kMaxDeferredAnswers,
                                  kWaitMs);
        RawClient refused(server_->port(), "127.0.0.4");
        refused.send(post("/slow"));
        QTRY_COMPARE_WITH_TIMEOUT(refused.status(), 429, kWaitMs);
        waiting_.front().send(ApiError{503, "done", "no"}); // one answered: its slot is free
        QCOMPARE(server_->deferredPending(), RestServer::kMaxDeferredAnswers - 1);
        waiting_.erase(waiting_.begin() + 1); // one dropped unanswered: so is its slot
        QCOMPARE(server_->deferredPending(), RestServer::kMaxDeferredAnswers - 2);
    }

    // An event listener that never reads is dropped once its backlog passes the bound; one
    // that reads keeps its stream. One address holds a few streams at most.
    void aListenerThatNeverReadsIsDropped() {
        startServer();
        RawClient sleeper(server_->port(), "127.0.0.2", 4096);
        RawClient reader(server_->port(), "127.0.0.1");
        sleeper.send(get("/events"));
        reader.send(get("/events"));
        QTRY_COMPARE_WITH_TIMEOUT(server_->eventListeners(), 2, kWaitMs);
        QTRY_COMPARE_WITH_TIMEOUT(sleeper.status(), 200, kWaitMs);
        sleeper.stopReading();
        json::Value data;
        data.set("padding", std::string(10'000, 'p'));
        for (int i = 0; i < 2'000 && server_->eventListeners() == 2; ++i) {
            server_->publish("tx", data);
            QCoreApplication::processEvents();
            reader.received();
        }
        QCOMPARE(server_->eventListeners(), 1);
        sleeper.startReading();
        QTRY_VERIFY_WITH_TIMEOUT(sleeper.closed(), kWaitMs);
        QVERIFY(!reader.closed());
        QVERIFY(reader.received().contains("event: tx"));

        std::vector<std::unique_ptr<RawClient>> streams;
        for (int i = 0; i < RestServer::kMaxEventListenersPerAddress; ++i) {
            streams.push_back(std::make_unique<RawClient>(server_->port(), "127.0.0.3"));
            streams.back()->send(get("/events"));
        }
        QTRY_COMPARE_WITH_TIMEOUT(server_->eventListeners(),
                                  1 + RestServer::kMaxEventListenersPerAddress, kWaitMs);
        RawClient oneMore(server_->port(), "127.0.0.3");
        oneMore.send(get("/events"));
        QTRY_COMPARE_WITH_TIMEOUT(oneMore.status(), 429, kWaitMs);
    }

    // Read-only routes run on the readers' threads and connections: a reader held up holds up
    // neither the server's thread nor other clients; what waits for readers is bounded.
    void readersAnswerOffTheServersThread() {
        QTemporaryDir dir;
        ReadPool readers(store::DatabaseLocation::sqliteFile(dir.filePath("chain.sqlite")), 1, 2);
        startServer();
        server_->setReaders(&readers, nullptr);
        QSemaphore gate;
        std::atomic<int> elsewhere{0};
        QThread* const serverThread = QThread::currentThread();
        server_->routeRead("GET", "/read", [&](const ApiRequest&, store::SqlChainQueries&) {
            if (QThread::currentThread() != serverThread)
                ++elsewhere;
            gate.acquire();
            return ready(ApiReply::text("{\"read\":true}", "application/json"));
        });
        const auto unblock = qScopeGuard([&gate] { gate.release(100); }); // before ~ReadPool
        std::vector<std::unique_ptr<RawClient>> reads;
        for (int i = 0; i < 3; ++i) { // one with the reader, then two waiting
            reads.push_back(std::make_unique<RawClient>(server_->port(), "127.0.0.2"));
            reads.back()->send(get("/read"));
            if (i == 0)
                QTRY_COMPARE_WITH_TIMEOUT(elsewhere.load(), 1, kWaitMs);
        }
        QTRY_COMPARE_WITH_TIMEOUT(readers.queued(), 2, kWaitMs);
        RawClient health(server_->port());
        health.send(get("/health"));
        QTRY_COMPARE_WITH_TIMEOUT(health.status(), 200, kWaitMs);
        RawClient tooMany(server_->port(), "127.0.0.2"); // no client has more waiting
        tooMany.send(get("/read"));
        QTRY_COMPARE_WITH_TIMEOUT(tooMany.status(), 429, kWaitMs);
        for (const auto& r : reads)
            QCOMPARE(r->status(), 0); // still being read
        gate.release(3);
        for (const auto& r : reads) {
            QTRY_COMPARE_WITH_TIMEOUT(r->status(), 200, kWaitMs);
            QVERIFY(r->received().endsWith("{\"read\":true}"));
        }
        QCOMPARE(elsewhere.load(), 3);
    }

    // A failing database is the owner's business: the client learns the code and a sentence,
    // not the statement, the driver's words or where the database lives.
    void aStoreFailureTellsTheClientNoDetails() {
        startServer();
        RawClient client(server_->port(), "127.0.0.2");
        client.send(get("/fail"));
        QTRY_COMPARE_WITH_TIMEOUT(client.status(), 503, kWaitMs);
        const QByteArray answer = client.received();
        QVERIFY2(answer.contains("store-unavailable"), answer.constData());
        for (const char* secret : {"INSERT", "outputs", "UNIQUE", "db.example", "5432"})
            QVERIFY2(!answer.contains(secret), answer.constData());
    }

    // Browsers name the page's site; loads from another site are refused even without an
    // Origin. Pages the owner allows get CORS headers and preflights; nobody else does.
    void webPagesGetCorsOnlyWhereAllowed() {
        startServer({"http://explorer.localhost:3000"});
        RawClient noCors(server_->port());
        noCors.send(get("/health", "Sec-Fetch-Site: cross-site\r\nSec-Fetch-Mode: no-cors\r\n"));
        QTRY_COMPARE_WITH_TIMEOUT(noCors.status(), 403, kWaitMs);
        QVERIFY(noCors.received().contains("origin-refused"));

        RawClient self(server_->port());
        self.send(get("/health", "Sec-Fetch-Site: none\r\n"));
        QTRY_COMPARE_WITH_TIMEOUT(self.status(), 200, kWaitMs);
        QVERIFY(!self.received().contains("Access-Control"));

        RawClient allowed(server_->port());
        allowed.send(get("/health", "Origin: http://explorer.localhost:3000\r\n"
                                    "Sec-Fetch-Site: cross-site\r\n"));
        QTRY_COMPARE_WITH_TIMEOUT(allowed.status(), 200, kWaitMs);
        QVERIFY2(allowed.received().contains(
                     "Access-Control-Allow-Origin: http://explorer.localhost:3000"),
                 allowed.received().constData());

        RawClient preflight(server_->port());
        preflight.send("OPTIONS /mining/start HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                       "Origin: http://explorer.localhost:3000\r\n"
                       "Access-Control-Request-Method: POST\r\n\r\n");
        QTRY_COMPARE_WITH_TIMEOUT(preflight.status(), 204, kWaitMs);
        QVERIFY(preflight.received().contains("Access-Control-Allow-Methods: GET, POST"));

        RawClient foreign(server_->port());
        foreign.send("OPTIONS /mining/start HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     "Origin: http://evil.example\r\nAccess-Control-Request-Method: POST\r\n\r\n");
        QTRY_COMPARE_WITH_TIMEOUT(foreign.status(), 403, kWaitMs);
        QVERIFY(!foreign.received().contains("Access-Control"));
    }
};

QTEST_GUILESS_MAIN(TestConnectionBudgets)
#include "tst_connection_budgets.moc"
