// REST API benchmark: a daemon holding a 5,000-block regtest chain in which one address owns
// 30,000 outputs, asked by honest clients while others load it.
//  1. 32 clients (each its own address, 127.0.0.10-41) on the heavy routes (/chain pages,
//     /utxos, address history, /blocks/after, /mempool) while 127.0.0.1 measures GET /health;
//  2. 300 slow connections and stalled uploads from 127.0.0.2 while 127.0.0.1 measures again.
// Prints each route's throughput, /health p50 and p99 in both phases (the baseline: /health on
// the idle node, same run), honest requests refused, and the daemon's peak RSS, beside goals.
#include "bench_support.h"
#include "consensus/serialize/block_serialize.h"
#include "consensus/serialize/tx_serialize.h"
#include "support/block_factory.h"
#include "support/daemon_process.h"
#include "support/test_chain.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <stdexcept>
#include <thread>

using namespace mbc;
using namespace mbc::test;
using mbc::bench::peakMegabytes;

namespace {

constexpr int kBlocks = 5'000;
constexpr int kFundingTxs = 100; // each pays carol 300 outputs
constexpr int kOutputsPerTx = 300;
constexpr int kHeavyClients = 32;
constexpr int kSlowConnections = 300;
constexpr int kPhaseMs = 20'000;

QByteArray bytesOf(const Bytes& b) {
    return QByteArray(reinterpret_cast<const char*>(b.data()), qsizetype(b.size()));
}

// The chain: genesis and 4,999 children; blocks 1-100 each carry a tx splitting the previous
// coinbase into 300 outputs to carol.
std::vector<Block> buildChain() {
    BlockFactory f;
    const PubKeyHash alice = aliceKey().address(), carol = carolKey().address();
    std::vector<Block> blocks{f.genesis(alice)};
    for (int i = 1; i < kBlocks; ++i) {
        std::vector<Transaction> txs;
        if (i <= kFundingTxs) {
            const Transaction& coinbase = blocks.back().transactions[0];
            const Amount reward = coinbase.outputs[0].amount;
            std::vector<TxOut> outs(kOutputsPerTx, TxOut{reward / kOutputsPerTx, carol});
            txs.push_back(makeSignedSpend(
                {{OutPoint{computeTxid(coinbase), 0}, coinbase.outputs[0]}}, aliceKey(), outs));
        }
        blocks.push_back(f.child(blocks.back(), alice, txs));
    }
    return blocks;
}

// Milliseconds GET /health takes from 127.0.0.1, on its own thread with blocking sockets, every
// 20 ms until stopped; non-200 answers are counted.
class HealthProbe {
public:
    explicit HealthProbe(quint16 port)
        : thread_([this, port] { run(port); }) {}
    ~HealthProbe() { stop(); }
    void stop() {
        stop_ = true;
        if (thread_.joinable())
            thread_.join();
    }
    std::vector<double> latencies() {
        std::lock_guard lock(mutex_);
        return latencies_;
    }
    int refused() const { return refused_; }

private:
    void run(quint16 port) {
        while (!stop_) {
            QElapsedTimer clock;
            clock.start();
            QTcpSocket s;
            s.bind(QHostAddress("127.0.0.1"));
            s.connectToHost(QHostAddress::LocalHost, port);
            QByteArray answer;
            if (s.waitForConnected(10'000)) {
                s.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
                while (s.state() == QAbstractSocket::ConnectedState && s.waitForReadyRead(10'000))
                    answer += s.readAll();
                answer += s.readAll();
            }
            const double ms = double(clock.nsecsElapsed()) / 1e6;
            if (answer.startsWith("HTTP/1.1 200")) {
                std::lock_guard lock(mutex_);
                latencies_.push_back(ms);
            } else {
                ++refused_;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }

    std::atomic<bool> stop_{false};
    std::atomic<int> refused_{0};
    std::mutex mutex_;
    std::vector<double> latencies_;
    std::thread thread_;
};

double percentile(std::vector<double> v, double p) {
    if (v.empty())
        return -1;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, std::size_t(p * double(v.size())))];
}

struct RouteStats {
    int answered = 0;
    int refused = 0;
    qint64 bytes = 0;
};

// One honest client on the heavy routes: a request per connection ("Connection: close"),
// read to the end, then the next route.
class HeavyClient : public QObject {
public:
    HeavyClient(quint16 port, QString source, std::vector<QByteArray> paths,
                std::map<QByteArray, RouteStats>& stats)
        : port_(port)
        , source_(std::move(source))
        , paths_(std::move(paths))
        , stats_(stats) {}

    void start() { next(); }
    void stop() { stopped_ = true; }

private:
    void next() {
        if (stopped_)
            return;
        path_ = paths_[turn_++ % paths_.size()];
        answer_.clear();
        socket_ = std::make_unique<QTcpSocket>();
        socket_->bind(QHostAddress(source_));
        connect(socket_.get(), &QTcpSocket::connected, this, [this] {
            socket_->write("GET " + path_ +
                           " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        });
        connect(socket_.get(), &QTcpSocket::readyRead, this,
                [this] { answer_ += socket_->readAll(); });
        connect(socket_.get(), &QTcpSocket::disconnected, this, [this] { done(); });
        connect(socket_.get(), &QTcpSocket::errorOccurred, this, [this] {
            if (socket_->state() == QAbstractSocket::UnconnectedState)
                done();
        });
        socket_->connectToHost(QHostAddress::LocalHost, port_);
    }

    void done() {
        if (!socket_)
            return;
        answer_ += socket_->readAll();
        const qsizetype query = path_.indexOf('?');
        QString route = QString::fromLatin1(query < 0 ? path_ : path_.left(query));
        route.replace(QRegularExpression("[0-9a-f]{40}"), "{address}");
        RouteStats& s = stats_[route.toLatin1()];
        if (answer_.startsWith("HTTP/1.1 200")) {
            ++s.answered;
            s.bytes += answer_.size();
        } else {
            ++s.refused;
        }
        socket_.release()->deleteLater();
        QTimer::singleShot(0, this, [this] { next(); });
    }

    quint16 port_;
    QString source_;
    std::vector<QByteArray> paths_;
    std::map<QByteArray, RouteStats>& stats_;
    std::unique_ptr<QTcpSocket> socket_;
    QByteArray path_;
    QByteArray answer_;
    std::size_t turn_ = 0;
    bool stopped_ = false;
};

// An attacker's connection from 127.0.0.2: a header byte every 2 s, or an upload that
// announces 1 MB and stalls; opened again whenever the node closes it.
class SlowConnection : public QObject {
public:
    SlowConnection(quint16 port, bool upload)
        : port_(port)
        , upload_(upload) {
        trickle_.setInterval(2'000);
        connect(&trickle_, &QTimer::timeout, this, [this] {
            if (socket_ && socket_->state() == QAbstractSocket::ConnectedState && !upload_)
                socket_->write("X");
        });
        trickle_.start();
        open();
    }
    int reopened() const { return reopened_; }

private:
    void open() {
        socket_ = std::make_unique<QTcpSocket>();
        socket_->bind(QHostAddress("127.0.0.2"));
        connect(socket_.get(), &QTcpSocket::connected, this, [this] {
            socket_->write(upload_ ? "POST /tx HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                                     "application/json\r\nContent-Length: 1000000\r\n\r\n{\"a\""
                                   : "GET /health HTTP/1.1\r\nX-Slow: ");
        });
        connect(socket_.get(), &QTcpSocket::readyRead, this, [this] { socket_->readAll(); });
        connect(socket_.get(), &QTcpSocket::disconnected, this, [this] { again(); });
        connect(socket_.get(), &QTcpSocket::errorOccurred, this, [this] {
            if (socket_->state() == QAbstractSocket::UnconnectedState)
                again();
        });
        socket_->connectToHost(QHostAddress::LocalHost, port_);
    }
    void again() {
        if (!socket_)
            return;
        ++reopened_;
        socket_.release()->deleteLater();
        QTimer::singleShot(100, this, [this] { open(); });
    }

    quint16 port_;
    bool upload_;
    QTimer trickle_;
    std::unique_ptr<QTcpSocket> socket_;
    int reopened_ = 0;
};

void runFor(int ms) {
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < ms)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
}

void printHealth(const char* phase, HealthProbe& probe, double p99Goal) {
    const auto l = probe.latencies();
    const double p99 = percentile(l, 0.99);
    std::printf("  /health %-34s p50 %7.1f ms   p99 %7.1f ms   (%zu answered, %d refused)   "
                "goal p99 <= %.0f ms: %s\n",
                phase, percentile(l, 0.5), p99, l.size(), probe.refused(), p99Goal,
                p99 >= 0 && p99 <= p99Goal && probe.refused() == 0 ? "met" : "NOT met");
}

int run() {
    std::printf("REST API under load (%d blocks, one address with %d outputs)\n", kBlocks,
                kFundingTxs * kOutputsPerTx);
    const std::vector<Block> blocks = buildChain();
    QTemporaryDir dir;
    DaemonProcess::Options o;
    o.dataDir = dir.path();
    o.environment.insert("LOG_LEVEL", "warning");
    o.environment.insert("RATE_LIMIT", "0");         // the clients measure the node, not the limit
    o.environment.insert("TRUST_LOOPBACK", "false"); // 127.0.0.x stand for other hosts
    DaemonProcess d(o);
    QString why;
    if (!d.start(&why))
        throw std::runtime_error("daemon did not start: " + why.toStdString());
    for (const Block& b : blocks)
        if (d.post("/block", bytesOf(encodeBlock(b)),
                   {{"Content-Type", "application/octet-stream"}})
                .status != 200)
            throw std::runtime_error("a setup block was refused");
    const quint16 port = d.port();

    {
        HealthProbe idle(port);
        runFor(3'000);
        idle.stop();
        printHealth("idle node (baseline)", idle, 100);
    }

    const std::string carol = carolKey().address().hex();
    std::mt19937 random(7);
    std::map<QByteArray, RouteStats> stats;
    std::vector<std::unique_ptr<HeavyClient>> clients;
    for (int i = 0; i < kHeavyClients; ++i) {
        const auto at = [&] { return int(random() % (kBlocks - 500)); };
        const QByteArray locator =
            QByteArray::fromStdString(blockHash(blocks[std::size_t(at())].header).hex());
        std::vector<QByteArray> paths{
            "/chain?from=" + QByteArray::number(at()) + "&limit=500",
            QByteArray::fromStdString("/utxos/" + carol),
            QByteArray::fromStdString("/address/" + carol + "/history?limit=500"),
            "/blocks/after?locator=" + locator + "&limit=500",
            "/mempool",
        };
        std::rotate(paths.begin(), paths.begin() + (i % 5), paths.end());
        clients.push_back(std::make_unique<HeavyClient>(
            port, QStringLiteral("127.0.0.%1").arg(10 + i), paths, stats));
    }
    {
        HealthProbe probe(port);
        for (auto& c : clients)
            c->start();
        QElapsedTimer clock;
        clock.start();
        runFor(kPhaseMs);
        for (auto& c : clients)
            c->stop();
        const double seconds = double(clock.elapsed()) / 1000;
        runFor(2'000);
        probe.stop();
        std::printf("\n1. %d clients on the heavy routes for %.0f s\n", kHeavyClients, seconds);
        int refused = 0;
        for (const auto& [route, s] : stats) {
            std::printf("  %-40s %7.1f answers/s %8.1f MB/s   %d refused\n", route.constData(),
                        s.answered / seconds, double(s.bytes) / 1e6 / seconds, s.refused);
            refused += s.refused;
        }
        printHealth("beside them", probe, 100);
        std::printf("  honest heavy requests refused: %d (goal 0: %s)\n", refused,
                    refused == 0 ? "met" : "NOT met");
    }
    {
        std::vector<std::unique_ptr<SlowConnection>> slow;
        for (int i = 0; i < kSlowConnections; ++i)
            slow.push_back(std::make_unique<SlowConnection>(port, i % 2 == 1));
        runFor(3'000); // they connect (most are refused at once: one address holds 16)
        HealthProbe probe(port);
        runFor(kPhaseMs);
        probe.stop();
        int reopened = 0;
        for (const auto& s : slow)
            reopened += s->reopened();
        std::printf("\n2. %d slow heads and stalled uploads from 127.0.0.2 (reconnecting: %d "
                    "times in all)\n",
                    kSlowConnections, reopened);
        printHealth("beside them", probe, 1000);
    }
    const double rss = peakMegabytes(d.pid());
    std::printf("\n  daemon peak RSS %.1f MB (goal <= 500 MB: %s)\n", rss,
                rss > 0 && rss <= 500 ? "met" : "NOT met");
    d.terminate();
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    try {
        return run();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "api_bench: %s\n", e.what());
        return 1;
    }
}
