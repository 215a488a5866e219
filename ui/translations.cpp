#include "ui/translations.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QMessageBox>
#include <QTranslator>

namespace mbc::ui {

bool loadTranslation(QTranslator& translator, const QLocale& locale) {
    return translator.load(locale, "minibitcoin", "_", ":/i18n");
}

QStringList availableTranslations() {
    QStringList out;
    for (const QString& file : QDir(":/i18n").entryList({"minibitcoin_*.qm"})) {
        const QString language = file.mid(QStringLiteral("minibitcoin_").size()).chopped(3);
        if (language != "en") // English's file holds only its plural forms
            out << language;
    }
    return out;
}

bool loadQtTranslation(QTranslator& translator, const QLocale& locale) {
    return translator.load(locale, "qtbase", "_",
                           QLibraryInfo::path(QLibraryInfo::TranslationsPath));
}

void applyLanguage(const QString& language) {
    static QTranslator translator; // both live as long as the app
    static QTranslator qtTranslator;
    QCoreApplication::removeTranslator(&translator);
    QCoreApplication::removeTranslator(&qtTranslator);
    const QLocale wanted = language.isEmpty() ? QLocale() : QLocale(language);
    const bool ours = loadTranslation(translator, wanted);
    if (ours || loadTranslation(translator, QLocale(QLocale::English)))
        QCoreApplication::installTranslator(&translator);
    // Qt's own words (Cancel, Close, Copy in a field's menu) in the same language; they come
    // with Debian's qt6-translations-l10n. Never Qt's alone: the window would be mixed.
    if (ours && wanted.language() != QLocale::English && loadQtTranslation(qtTranslator, wanted))
        QCoreApplication::installTranslator(&qtTranslator);
}

void showStartupError(const QString& why, const QString& settingsFile) {
    QMessageBox box(QMessageBox::Critical, QStringLiteral("MiniBitcoin"),
                    QCoreApplication::translate("Startup",
                                                "MiniBitcoin cannot start: %1\n\nThe setting "
                                                "it names comes from a flag, the environment, "
                                                ".env, or the app's settings file %2; fix it "
                                                "there.")
                        .arg(why, settingsFile));
    box.setTextFormat(Qt::PlainText); // (it quotes what the settings hold)
    box.exec();
}

} // namespace mbc::ui
