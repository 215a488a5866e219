#include "no_display.h"

#include <QByteArray>
#include <QString>
#include <QtGlobal>

#include <cstdio>
#include <cstdlib>

namespace mbc::app {
namespace {

QtMessageHandler g_previous = nullptr;

void handler(QtMsgType type, const QMessageLogContext& context, const QString& message) {
    const bool noPlatform = message.contains(QLatin1String("platform plugin")) ||
                            message.contains(QLatin1String("could not connect to display"));
    if (type != QtFatalMsg || !noPlatform) {
        if (g_previous)
            g_previous(type, context, message);
        else
            std::fprintf(stderr, "%s\n", qPrintable(message));
        return;
    }
    const QByteArray display = qgetenv("DISPLAY");
    const QString where = display.isEmpty() && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
                              ? QStringLiteral("there is no display (DISPLAY is not set)")
                              : QStringLiteral("the display %1 cannot be reached")
                                    .arg(QString::fromLocal8Bit(display));
    std::fprintf(stderr,
                 "minibitcoin: cannot open the window: %s.\n"
                 "  To run the node without a window: minibitcoin --daemon\n"
                 "  To run the app without a screen (tests, screenshots): "
                 "QT_QPA_PLATFORM=offscreen minibitcoin\n",
                 qPrintable(where));
    std::fflush(stderr);
    std::_Exit(1); // Qt would abort() after a fatal message: nothing is running yet
}

} // namespace

void explainMissingDisplay() {
    g_previous = qInstallMessageHandler(handler);
}

} // namespace mbc::app
