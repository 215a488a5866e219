#include "ui/translations.h"

#include <QCoreApplication>
#include <QDir>
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

void applyLanguage(const QString& language) {
    static QTranslator translator; // lives as long as the app
    QCoreApplication::removeTranslator(&translator);
    const QLocale wanted = language.isEmpty() ? QLocale() : QLocale(language);
    if (loadTranslation(translator, wanted) ||
        loadTranslation(translator, QLocale(QLocale::English)))
        QCoreApplication::installTranslator(&translator);
}

void showStartupError(const QString& why, const QString& settingsFile) {
    QMessageBox::critical(
        nullptr, QStringLiteral("MiniBitcoin"),
        QCoreApplication::translate("Startup", "MiniBitcoin cannot start: %1\n\nThe setting "
                                               "it names comes from a flag, the environment, "
                                               ".env, or the app's settings file %2; fix it "
                                               "there.")
            .arg(why, settingsFile));
}

} // namespace mbc::ui
