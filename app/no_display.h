#pragma once

namespace mbc::app {

// Where the window cannot be shown (no display, an unreachable one, a missing platform
// plugin), Qt aborts with advice to reinstall. Called before the QApplication exists, this
// makes that case say what is wrong and what to do instead (--daemon, or the offscreen
// platform), and exit with 1.
void explainMissingDisplay();

} // namespace mbc::app
