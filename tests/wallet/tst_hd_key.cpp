// BIP32 key trees: the published test vectors (1, 2 and 3, the last for a key with a leading
// zero byte) and the path notation.
#include <QTest>

#include "wallet/hd_key.h"

using namespace mbc;
using namespace mbc::wallet;

namespace {

struct Step {
    const char* path;
    const char* xpub;
    const char* xprv;
};

void checkVector(const char* seedHex, std::initializer_list<Step> steps) {
    const auto root = ExtendedKey::fromSeed(*fromHex(seedHex));
    QVERIFY(root);
    for (const Step& s : steps) {
        const auto path = parseDerivationPath(s.path);
        QVERIFY2(path, s.path);
        const auto key = root->derive(*path);
        QVERIFY2(key, s.path);
        QCOMPARE(key->xpub(), std::string(s.xpub));
        QCOMPARE(key->xprv(), std::string(s.xprv));
        QCOMPARE(int(key->depth()), int(path->size()));
    }
}

} // namespace

class TestHdKey : public QObject {
    Q_OBJECT

private slots:
    void vector1() {
        checkVector("000102030405060708090a0b0c0d0e0f",
                    {{"m",
                      "xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rup"
                      "je8YtGqsefD265TMg7usUDFdp6W1EGMcet8",
                      "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg"
                      "6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi"},
                     {"m/0'",
                      "xpub68Gmy5EdvgibQVfPdqkBBCHxA5htiqg55crXYuXoQRKfDBFA1WEjWgP6LHhwBZeNK1VTsfTF"
                      "UHCdrfp1bgwQ9xv5ski8PX9rL2dZXvgGDnw",
                      "xprv9uHRZZhk6KAJC1avXpDAp4MDc3sQKNxDiPvvkX8Br5ngLNv1TxvUxt4cV1rGL5hj6KCesnDY"
                      "Uhd7oWgT11eZG7XnxHrnYeSvkzY7d2bhkJ7"},
                     {"m/0'/1",
                      "xpub6ASuArnXKPbfEwhqN6e3mwBcDTgzisQN1wXN9BJcM47sSikHjJf3UFHKkNAWbWMiGj7Wf5uM"
                      "ash7SyYq527Hqck2AxYysAA7xmALppuCkwQ",
                      "xprv9wTYmMFdV23N2TdNG573QoEsfRrWKQgWeibmLntzniatZvR9BmLnvSxqu53Kw1UmYPxLgboy"
                      "ZQaXwTCg8MSY3H2EU4pWcQDnRnrVA1xe8fs"},
                     {"m/0'/1/2'",
                      "xpub6D4BDPcP2GT577Vvch3R8wDkScZWzQzMMUm3PWbmWvVJrZwQY4VUNgqFJPMM3No2dFDFGTsx"
                      "xpG5uJh7n7epu4trkrX7x7DogT5Uv6fcLW5",
                      "xprv9z4pot5VBttmtdRTWfWQmoH1taj2axGVzFqSb8C9xaxKymcFzXBDptWmT7FwuEzG3ryjH4kt"
                      "ypQSAewRiNMjANTtpgP4mLTj34bhnZX7UiM"},
                     {"m/0'/1/2'/2",
                      "xpub6FHa3pjLCk84BayeJxFW2SP4XRrFd1JYnxeLeU8EqN3vDfZmbqBqaGJAyiLjTAwm6ZLRQUMv"
                      "1ZACTj37sR62cfN7fe5JnJ7dh8zL4fiyLHV",
                      "xprvA2JDeKCSNNZky6uBCviVfJSKyQ1mDYahRjijr5idH2WwLsEd4Hsb2Tyh8RfQMuPh7f7RtyzT"
                      "tdrbdqqsunu5Mm3wDvUAKRHSC34sJ7in334"},
                     {"m/0'/1/2'/2/1000000000",
                      "xpub6H1LXWLaKsWFhvm6RVpEL9P4KfRZSW7abD2ttkWP3SSQvnyA8FSVqNTEcYFgJS2UaFcxupHi"
                      "Ykro49S8yGasTvXEYBVPamhGW6cFJodrTHy",
                      "xprvA41z7zogVVwxVSgdKUHDy1SKmdb533PjDz7J6N6mV6uS3ze1ai8FHa8kmHScGpWmj4WggLyQ"
                      "jgPie1rFSruoUihUZREPSL39UNdE3BBDu76"}});
    }

    void vector2() {
        checkVector(
            "fffcf9f6f3f0edeae7e4e1dedbd8d5d2cfccc9c6c3c0bdbab7b4b1aeaba8a5a29f9c999693908d8a8784"
            "817e7b7875726f6c696663605d5a5754514e4b484542",
            {{"m",
              "xpub661MyMwAqRbcFW31YEwpkMuc5THy2PSt5bDMsktWQcFF8syAmRUapSCGu8ED9W6oDMSgv6Zz8idoc4a6"
              "mr8BDzTJY47LJhkJ8UB7WEGuduB",
              "xprv9s21ZrQH143K31xYSDQpPDxsXRTUcvj2iNHm5NUtrGiGG5e2DtALGdso3pGz6ssrdK4PFmM8NSpSBHNq"
              "Pqm55Qn3LqFtT2emdEXVYsCzC2U"},
             {"m/0",
              "xpub69H7F5d8KSRgmmdJg2KhpAK8SR3DjMwAdkxj3ZuxV27CprR9LgpeyGmXUbC6wb7ERfvrnKZjXoUmmDzn"
              "ezpbZb7ap6r1D3tgFxHmwMkQTPH",
              "xprv9vHkqa6EV4sPZHYqZznhT2NPtPCjKuDKGY38FBWLvgaDx45zo9WQRUT3dKYnjwih2yJD9mkrocEZXo1e"
              "x8G81dwSM1fwqWpWkeS3v86pgKt"},
             {"m/0/2147483647'",
              "xpub6ASAVgeehLbnwdqV6UKMHVzgqAG8Gr6riv3Fxxpj8ksbH9ebxaEyBLZ85ySDhKiLDBrQSARLq1uNRts8"
              "RuJiHjaDMBU4Zn9h8LZNnBC5y4a",
              "xprv9wSp6B7kry3Vj9m1zSnLvN3xH8RdsPP1Mh7fAaR7aRLcQMKTR2vidYEeEg2mUCTAwCd6vnxVrcjfy2kR"
              "gVsFawNzmjuHc2YmYRmagcEPdU9"},
             {"m/0/2147483647'/1",
              "xpub6DF8uhdarytz3FWdA8TvFSvvAh8dP3283MY7p2V4SeE2wyWmG5mg5EwVvmdMVCQcoNJxGoWaU9DCWh89"
              "LojfZ537wTfunKau47EL2dhHKon",
              "xprv9zFnWC6h2cLgpmSA46vutJzBcfJ8yaJGg8cX1e5StJh45BBciYTRXSd25UEPVuesF9yog62tGAQtHjXa"
              "jPPdbRCHuWS6T8XA2ECKADdw4Ef"},
             {"m/0/2147483647'/1/2147483646'",
              "xpub6ERApfZwUNrhLCkDtcHTcxd75RbzS1ed54G1LkBUHQVHQKqhMkhgbmJbZRkrgZw4koxb5JaHWkY4ALHY"
              "2grBGRjaDMzQLcgJvLJuZZvRcEL",
              "xprvA1RpRA33e1JQ7ifknakTFpgNXPmW2YvmhqLQYMmrj4xJXXWYpDPS3xz7iAxn8L39njGVyuoseXzU6rcx"
              "FLJ8HFsTjSyQbLYnMpCqE2VbFWc"},
             {"m/0/2147483647'/1/2147483646'/2",
              "xpub6FnCn6nSzZAw5Tw7cgR9bi15UV96gLZhjDstkXXxvCLsUXBGXPdSnLFbdpq8p9HmGsApME5hQTZ3emM2"
              "rnY5agb9rXpVGyy3bdW6EEgAtqt",
              "xprvA2nrNbFZABcdryreWet9Ea4LvTJcGsqrMzxHx98MMrotbir7yrKCEXw7nadnHM8Dq38EGfSh6dqA9QWT"
              "yefMLEcBYJUuekgW4BYPJcr9E7j"}});
    }

    void vector3KeepsLeadingZeros() {
        checkVector(
            "4b381541583be4423346c643850da4b320e46a87ae3d2a4e6da11eba819cd4acba45d239319ac14f863b"
            "8d5ab5a0d0c64d2e8a1e7d1457df2e5a3c51c73235be",
            {{"m",
              "xpub661MyMwAqRbcEZVB4dScxMAdx6d4nFc9nvyvH3v4gJL378CSRZiYmhRoP7mBy6gSPSCYk6SzXPTf3ND1"
              "cZAceL7SfJ1Z3GC8vBgp2epUt13",
              "xprv9s21ZrQH143K25QhxbucbDDuQ4naNntJRi4KUfWT7xo4EKsHt2QJDu7KXp1A3u7Bi1j8ph3EGsZ9Xvz9"
              "dGuVrtHHs7pXeTzjuxBrCmmhgC6"},
             {"m/0h",
              "xpub68NZiKmJWnxxS6aaHmn81bvJeTESw724CRDs6HbuccFQN9Ku14VQrADWgqbhhTHBaohPX4CjNLf9fq9M"
              "Yo6oDaPPLPxSb7gwQN3ih19Zm4Y",
              "xprv9uPDJpEQgRQfDcW7BkF7eTya6RPxXeJCqCJGHuCJ4GiRVLzkTXBAJMu2qaMWPrS7AANYqdq6vcBcBUdJ"
              "CVVFceUvJFjaPdGZ2y9WACViL4L"}});
    }

    void pathsParseAndPrint() {
        const auto p = parseDerivationPath("m/44'/1'/0'/0/7");
        QVERIFY(p);
        QCOMPARE(*p, (DerivationPath{44 | kHardened, 1 | kHardened, kHardened, 0, 7}));
        QCOMPARE(formatDerivationPath(*p), std::string("m/44'/1'/0'/0/7"));
        QCOMPARE(parseDerivationPath("m/44H/1h"),
                 std::optional(DerivationPath{44 | kHardened, 1 | kHardened}));
        QCOMPARE(parseDerivationPath("m"), std::optional(DerivationPath{}));
        for (const char* bad : {"", "44'/0", "m/", "m//1", "m/-1", "m/01", "m/2147483648",
                                "m/4294967296", "m/1''", "m/1x", "n/1", "m/ 1"})
            QVERIFY2(!parseDerivationPath(bad), bad);
    }

    void base58KeepsLeadingZeros() {
        QCOMPARE(base58CheckEncode(Bytes{}), std::string("3QJmnh"));
        QCOMPARE(base58CheckEncode(Bytes{0, 0, 1}).substr(0, 2), std::string("11"));
    }
};

QTEST_GUILESS_MAIN(TestHdKey)
#include "tst_hd_key.moc"
