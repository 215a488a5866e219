// How the REST server shares its readers and orders a connection's answers, over real sockets
// in-process: clients take turns at the readers (one asking for much waits behind itself),
// a connection's pipelined requests are answered in the order they came and one at a time,
// what may wait on one connection is bounded, and a GET carries no body. Every wait is for an
// event, with generous timeouts.
#include <QElapsedTimer>
#include <QMutex>
#include <QScopeGuard>
#include <QSemaphore>
#include <QTemporaryDir>
#include <QTest>

#include "net/answer_line.h"
#include "net/raw_client.h"
#include "net/read_pool.h"
#include "net/rest_server.h"

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

using namespace mbc;
using namespace mbc::net;
using namespace mbc::net::testing;

namespace {
constexpr int kWaitMs = 20'000;

ReadPool::Job jobOf(ReadPool::Work work) {
    ReadPool::Job job;
    job.work = std::move(work);
    return job;
}
} // namespace

class TestReaderTurns : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    std::unique_ptr<ReadPool> readers_;
    std::unique_ptr<RestServer> server_;
    QSemaphore gate_; // each read takes one permit before it answers
    std::atomic<int> started_{0};
    QMutex orderLock_;
    QStringList order_; // ?who= of each read, in the order readers began them

    // One reader thread; GET /read?who=X waits at the gate on it.
    void startServer(int maxQueued = 64) {
        readers_ = std::make_unique<ReadPool>(
            store::DatabaseLocation::sqliteFile(dir_.filePath("chain.sqlite")), 1, maxQueued);
        server_ =
            std::make_unique<RestServer>(HttpLimits{}, AccessPolicy{0, "token", true, {}, {}});
        server_->setReaders(readers_.get(), nullptr);
        server_->route("GET", "/health", Access::Public, [](const ApiRequest&) {
            return ApiReply::text("{\"health\":1}", "application/json");
        });
        server_->routeRead("GET", "/read", [this](const ApiRequest& req, store::SqlChainQueries&) {
            const QString who = req.query.queryItemValue("who");
            {
                QMutexLocker lock(&orderLock_);
                order_ << who;
            }
            ++started_;
            gate_.acquire();
            return ready(ApiReply::text("{\"read\":\"" + who.toUtf8() + "\"}", "application/json"));
        });
        QVERIFY(!server_->listen("127.0.0.1", 0));
    }

    QStringList order() {
        QMutexLocker lock(&orderLock_);
        return order_;
    }

private slots:
    void init() {
        started_ = 0;
        order_.clear();
    }
    void cleanup() {
        gate_.release(1000); // before the readers stop
        readers_.reset();    // first: their answers go to the server
        server_.reset();
        gate_.acquire(gate_.available());
    }

    // 127.0.0.2 queues six reads before 127.0.0.3 asks once: the newcomer is served after at
    // most one more of the first client's, not after all of them (first come, first served
    // would put it last).
    void clientsTakeTurnsAtTheReaders() {
        startServer();
        std::vector<std::unique_ptr<RawClient>> busy;
        for (int i = 1; i <= 6; ++i) {
            busy.push_back(std::make_unique<RawClient>(server_->port(), "127.0.0.2"));
            busy.back()->send(get("/read?who=a" + QByteArray::number(i)));
            if (i == 1)
                QTRY_COMPARE_WITH_TIMEOUT(started_.load(), 1, kWaitMs);
        }
        QTRY_COMPARE_WITH_TIMEOUT(readers_->queued(), 5, kWaitMs);
        RawClient newcomer(server_->port(), "127.0.0.3");
        newcomer.send(get("/read?who=b"));
        QTRY_COMPARE_WITH_TIMEOUT(readers_->queued(), 6, kWaitMs);
        gate_.release(7);
        QTRY_COMPARE_WITH_TIMEOUT(newcomer.status(), 200, kWaitMs);
        for (const auto& c : busy)
            QTRY_COMPARE_WITH_TIMEOUT(c->status(), 200, kWaitMs);
        const QStringList seen = order();
        QCOMPARE(seen.size(), 7);
        QVERIFY2(seen.indexOf("b") <= 2, qPrintable(seen.join(' ')));
    }

    // Requests sent ahead of their answers are answered in the order sent, even when the first
    // is made on a reader and the second could be answered at once.
    void pipelinedAnswersKeepTheirOrder() {
        startServer();
        RawClient client(server_->port(), "127.0.0.2");
        client.send(get("/read?who=first") + get("/health") + get("/read?who=third"));
        QTRY_COMPARE_WITH_TIMEOUT(started_.load(), 1, kWaitMs);
        QTest::qWait(300); // time for the rest to be parsed: they wait on their connection
        QCOMPARE(started_.load(), 1);
        QCOMPARE(readers_->queued(), 0);
        gate_.release(2);
        QTRY_VERIFY_WITH_TIMEOUT(client.received().count("HTTP/1.1 200") == 3, kWaitMs);
        const QByteArray got = client.received();
        const auto first = got.indexOf("{\"read\":\"first\"}");
        const auto health = got.indexOf("{\"health\":1}");
        const auto third = got.indexOf("{\"read\":\"third\"}");
        QVERIFY2(first >= 0 && first < health && health < third, got.constData());
    }

    // A read whose answer would mix the reader's snapshot with a chain that moved since runs
    // again; the last attempt answers with what it read.
    void aStaleReadRunsAgain() {
        startServer();
        std::atomic<int> attempts{0};
        std::atomic<int> lastFlags{0};
        server_->routeRead("GET", "/stale", [&](const ApiRequest& req, store::SqlChainQueries&) {
            ++attempts;
            lastFlags += req.lastRead ? 1 : 0;
            return std::function<ApiReply()>([last = req.lastRead]() -> ApiReply {
                if (!last)
                    throw StaleRead{};
                return ApiReply::text("{\"fresh\":false}", "application/json");
            });
        });
        RawClient client(server_->port(), "127.0.0.2");
        client.send(get("/stale"));
        QTRY_COMPARE_WITH_TIMEOUT(client.status(), 200, kWaitMs);
        QCOMPARE(attempts.load(), 3);
        QCOMPARE(lastFlags.load(), 1);
    }

    // A streamed answer that cannot begin because the readers are full is refused with 429,
    // not sent as a 200 that is then cut. Once it has begun, its pieces are never refused.
    void aStreamThatCannotBeginIsRefused() {
        startServer(1);
        int pieces = 0;
        server_->routeStreamed("GET", "/stream", Access::Public, [&](const ApiRequest&) {
            return ApiStream{"text/plain", [&pieces](store::SqlChainQueries&) {
                                 return ++pieces <= 3 ? std::optional<QByteArray>("piece")
                                                      : std::nullopt;
                             }};
        });
        RawClient held(server_->port(), "127.0.0.2");
        held.send(get("/read?who=held"));
        QTRY_COMPARE_WITH_TIMEOUT(started_.load(), 1, kWaitMs);
        RawClient waiting(server_->port(), "127.0.0.3");
        waiting.send(get("/read?who=waiting"));
        QTRY_COMPARE_WITH_TIMEOUT(readers_->queued(), 1, kWaitMs);
        RawClient refused(server_->port(), "127.0.0.4");
        refused.send(get("/stream"));
        QTRY_COMPARE_WITH_TIMEOUT(refused.status(), 429, kWaitMs);
        QVERIFY2(refused.received().contains("too-many-requests"), refused.received().constData());
        gate_.release(2);
        QTRY_COMPARE_WITH_TIMEOUT(waiting.status(), 200, kWaitMs);
        RawClient streamed(server_->port(), "127.0.0.4");
        streamed.send(get("/stream"));
        QTRY_VERIFY_WITH_TIMEOUT(streamed.received().endsWith("0\r\n\r\n"), kWaitMs);
        QCOMPARE(streamed.status(), 200);
        QCOMPARE(streamed.received().count("piece"), 3);
    }

    // Work for a client that left is dropped and gives its place back at once: clients that
    // ask and hang up cannot fill the queue.
    void workOfAClientThatLeftGivesItsPlaceBack() {
        startServer(2);
        RawClient held(server_->port(), "127.0.0.2");
        held.send(get("/read?who=held"));
        QTRY_COMPARE_WITH_TIMEOUT(started_.load(), 1, kWaitMs);
        auto leaving = std::make_unique<RawClient>(server_->port(), "127.0.0.3");
        leaving->send(get("/read?who=left"));
        RawClient staying(server_->port(), "127.0.0.4");
        staying.send(get("/read?who=stays"));
        QTRY_COMPARE_WITH_TIMEOUT(readers_->queued(), 2, kWaitMs);
        leaving.reset();
        QTRY_COMPARE_WITH_TIMEOUT(server_->openConnections(), 2, kWaitMs); // its socket is gone
        RawClient newcomer(server_->port(), "127.0.0.5"); // full, and nobody has more waiting
        newcomer.send(get("/read?who=new"));
        gate_.release(10);
        QTRY_VERIFY_WITH_TIMEOUT(newcomer.status() != 0, kWaitMs);
        QCOMPARE(newcomer.status(), 200); // the place the leaver gave back
        QTRY_COMPARE_WITH_TIMEOUT(staying.status(), 200, kWaitMs);
        QVERIFY2(!order().contains("left"), qPrintable(order().join(' ')));
    }

    // With the queue full of one address's work, a newcomer from another takes the place of
    // that address's newest request, which is answered 429; the newcomer is served.
    void aFullQueueMakesRoomForANewcomer() {
        startServer(3);
        std::vector<std::unique_ptr<RawClient>> greedy;
        for (int i = 1; i <= 4; ++i) { // one with the reader, three waiting: full
            greedy.push_back(std::make_unique<RawClient>(server_->port(), "127.0.0.2"));
            greedy.back()->send(get("/read?who=g" + QByteArray::number(i)));
            if (i == 1)
                QTRY_COMPARE_WITH_TIMEOUT(started_.load(), 1, kWaitMs);
            QTRY_COMPARE_WITH_TIMEOUT(readers_->queued(), i - 1, kWaitMs);
        }
        RawClient newcomer(server_->port(), "127.0.0.3");
        newcomer.send(get("/read?who=new"));
        QTRY_COMPARE_WITH_TIMEOUT(greedy.back()->status(), 429, kWaitMs);
        gate_.release(4);
        QTRY_COMPARE_WITH_TIMEOUT(newcomer.status(), 200, kWaitMs);
        for (int i = 0; i < 3; ++i)
            QTRY_COMPARE_WITH_TIMEOUT(greedy[std::size_t(i)]->status(), 200, kWaitMs);
        QVERIFY(!order().contains("g4"));
    }

    // A connection may send only so much ahead of its answers.
    void tooMuchAheadClosesTheConnection() {
        startServer();
        RawClient client(server_->port(), "127.0.0.2");
        QByteArray ahead = get("/read?who=held");
        for (int i = 0; i <= AnswerLine::kMaxWaiting; ++i)
            ahead += get("/health");
        client.send(ahead);
        QTRY_VERIFY_WITH_TIMEOUT(client.closed(), kWaitMs);
        QCOMPARE(client.status(), 0); // nothing was answered out of turn
    }

    // A GET body would only hold memory while the answer is made: refused, the route unrun.
    void aGetWithABodyIsRefused() {
        startServer();
        RawClient client(server_->port(), "127.0.0.2");
        client.send("GET /read?who=body HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                    "application/json\r\nContent-Length: 2\r\n\r\n{}");
        QTRY_COMPARE_WITH_TIMEOUT(client.status(), 400, kWaitMs);
        QVERIFY2(client.received().contains("a GET request carries no body"),
                 client.received().constData());
        QCOMPARE(started_.load(), 0);
    }

    // An answer to HEAD carries a body here, so its connection ends with it: a client
    // expecting none would read that body as its next answer.
    void aHeadAnswerEndsItsConnection() {
        startServer();
        RawClient client(server_->port(), "127.0.0.2");
        client.send("HEAD /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        QTRY_VERIFY_WITH_TIMEOUT(client.closed(), kWaitMs);
        QVERIFY2(client.status() >= 400, client.received().constData()); // no route takes HEAD
        QVERIFY(client.received().contains("Connection: close"));
    }

    // Pieces of answers already begun are not counted against new work (they are bounded by
    // the connections) and never refused, so streams under way cannot shut out new requests;
    // a client's work runs in the order it came, whatever its kind.
    void continuationsNeitherBlockNewWorkNorOvertakeEachOther() {
        ReadPool pool(store::DatabaseLocation::sqliteFile(dir_.filePath("chain.sqlite")), 1, 2);
        QSemaphore hold;
        QMutex lock;
        QStringList ran;
        const auto job = [&](const QString& name, ReadPool::Kind kind) {
            ReadPool::Job j = jobOf([&, name](store::SqlChainQueries*) {
                {
                    QMutexLocker locked(&lock);
                    ran << name;
                }
                if (name == "held")
                    hold.acquire();
            });
            j.kind = kind;
            return j;
        };
        const auto count = [&] {
            QMutexLocker locked(&lock);
            return int(ran.size());
        };
        QVERIFY(pool.submit("a", job("held", ReadPool::Kind::New)));
        QTRY_COMPARE_WITH_TIMEOUT(count(), 1, kWaitMs);
        QVERIFY(pool.submit("a", job("a-new1", ReadPool::Kind::New)));
        QVERIFY(pool.submit("a", job("a-new2", ReadPool::Kind::New))); // full
        for (int i = 1; i <= 5; ++i)
            QVERIFY(
                pool.submit("s", job("piece" + QString::number(i), ReadPool::Kind::Continuation)));
        QVERIFY(pool.submit("s", job("s-new", ReadPool::Kind::New))); // a-new2's place
        QCOMPARE(pool.queued(), 2);
        QVERIFY(pool.submit("s", job("piece6", ReadPool::Kind::Continuation)));
        hold.release();
        QTRY_COMPARE_WITH_TIMEOUT(count(), 9, kWaitMs);
        QMutexLocker locked(&lock);
        QCOMPARE(ran, (QStringList{"held", "a-new1", "piece1", "piece2", "piece3", "piece4",
                                   "piece5", "s-new", "piece6"}));
    }

    // Work not yet started when the readers stop is dropped, not run against a closing node.
    void stoppingDropsWorkNotStarted() {
        QSemaphore hold;
        std::atomic<int> ran{0};
        std::thread releaser;
        {
            ReadPool pool(store::DatabaseLocation::sqliteFile(dir_.filePath("chain.sqlite")), 1, 8);
            QVERIFY(pool.submit("a", jobOf([&](store::SqlChainQueries*) {
                                    ++ran;
                                    hold.acquire();
                                })));
            QTRY_COMPARE_WITH_TIMEOUT(ran.load(), 1, kWaitMs);
            for (int i = 0; i < 3; ++i)
                QVERIFY(pool.submit("a", jobOf([&](store::SqlChainQueries*) { ++ran; })));
            QCOMPARE(pool.queued(), 3);
            // The running work ends once the pool has dropped the rest (the reader is held, so
            // nothing else empties the queue), or after a while if it never does (then the rest
            // runs and the test fails rather than hangs).
            releaser = std::thread([&] {
                QElapsedTimer waited;
                waited.start();
                while (pool.queued() > 0 && waited.elapsed() < kWaitMs)
                    std::this_thread::sleep_for(std::chrono::milliseconds(1));
                hold.release();
            });
        } // ~ReadPool
        releaser.join();
        QCOMPARE(ran.load(), 1);
    }
};

QTEST_GUILESS_MAIN(TestReaderTurns)
#include "tst_reader_turns.moc"
