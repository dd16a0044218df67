// tributary: the designer. A thin entry point: it sets up logging, the theme
// and the main window, and handles the automation flags
//   tributary [FILE] [--open FILE] [--run] [--screenshot PNG [--after DURATION]]
//             [--quit-after DURATION] [--theme system|light|dark] [--metrics-listen HOST:PORT]
//             [--show-dock NAME] [--show-tab designer|dashboard] [--language en|de|fr]
// that documentation and tests use to drive the program.

#include <cstdio>
#include <string_view>

#include <QTabWidget>
#include <QApplication>
#include <QCommandLineParser>
#include <QDockWidget>
#include <QSettings>
#include <QTimer>

#include "core/kafka/embedded.h"
#include "core/base/log.h"
#include "core/connectors/builtin.h"
#include "core/model/node_spec.h"
#include "core/model/spec_registry.h"
#include "core/base/units.h"
#include "tributary_version.h"
#include "widgets/canvas/pipeline_view.h"
#include "widgets/document/cluster_check.h"
#include "widgets/document/pipeline_document.h"
#include "widgets/document/qt_json.h"
#include "widgets/i18n/language.h"
#include "widgets/i18n/spec_catalog.h"
#include "widgets/panels/data_preview.h"
#include "widgets/run/run_controller.h"
#include "widgets/shell/main_window.h"
#include "widgets/style/app_theme.h"

namespace {

// "2s", "500ms", "1m" -> milliseconds; -1 when absent or unreadable.
long long durationMs(const QString& text) {
  if (text.isEmpty()) return -1;
  auto ms = tributary::base::parseDurationMs(nlohmann::json(text.toStdString()));
  return ms ? *ms : -1;
}

void fail(const QString& message) {
  std::fprintf(stderr, "tributary: %s\n", qPrintable(message));
}

// The command line. Built twice at most: once without a display for --help
// and --version (a QCoreApplication needs no platform plugin), and once for
// the real run.
struct CommandLine {
  QCommandLineParser parser;
  QCommandLineOption open{QStringLiteral("open"), QStringLiteral("Open a pipeline file."), QStringLiteral("FILE")};
  QCommandLineOption run{QStringLiteral("run"), QStringLiteral("Run the pipeline once it is open.")};
  QCommandLineOption screenshot{QStringLiteral("screenshot"), QStringLiteral("Save a picture of the window."),
                                QStringLiteral("PNG")};
  QCommandLineOption after{QStringLiteral("after"), QStringLiteral("When to take the screenshot (default 2s)."),
                           QStringLiteral("DURATION"), QStringLiteral("2s")};
  QCommandLineOption quitAfter{QStringLiteral("quit-after"), QStringLiteral("Quit after this long."),
                               QStringLiteral("DURATION")};
  QCommandLineOption select{QStringLiteral("select"),
                            QStringLiteral("Select a node (ID) or a connection (FROM->TO) once open."),
                            QStringLiteral("ITEM")};
  QCommandLineOption theme{QStringLiteral("theme"), QStringLiteral("system, light or dark."), QStringLiteral("THEME")};
  QCommandLineOption language{QStringLiteral("language"),
                              QStringLiteral("Interface language: en, de or fr (default: the setting ui/language, "
                                             "else the system locale)."),
                              QStringLiteral("CODE")};
  QCommandLineOption metricsListen{
      QStringLiteral("metrics-listen"),
      QStringLiteral("Serve /metrics (Prometheus text format) of the embedded runtime on HOST:PORT or :PORT "
                     "(default: the setting metrics/listen; empty: off)."),
      QStringLiteral("ADDRESS")};
  QCommandLineOption showDock{QStringLiteral("show-dock"),
                              QStringLiteral("Bring a panel to the front: dashboard, log, preview, problems."),
                              QStringLiteral("NAME")};

  QCommandLineOption showTab{QStringLiteral("show-tab"),
                             QStringLiteral("Show a tab of the main window: designer or dashboard."),
                             QStringLiteral("NAME")};

  CommandLine() {
    parser.setApplicationDescription(QStringLiteral("Design, run and inspect Kafka streaming pipelines."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOptions({open, run, screenshot, after, quitAfter, select, theme, language, metricsListen, showDock, showTab});
    parser.addPositionalArgument(QStringLiteral("file"), QStringLiteral("A pipeline file to open."),
                                 QStringLiteral("[file]"));
  }
};

void describeApplication() {
  QCoreApplication::setOrganizationName(QStringLiteral("Tributary"));
  QCoreApplication::setApplicationName(QStringLiteral("tributary"));
  QCoreApplication::setApplicationVersion(QString::fromLatin1(tributary::kVersion));
}

// --help and --version print and exit before any window exists, so they work
// without a display (a QApplication would abort without a platform plugin).
bool wantsTextOnly(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--") break;
    if (arg == "-h" || arg == "--help" || arg == "-?" || arg == "--help-all" || arg == "-v" || arg == "--version")
      return true;
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace tributary;
  if (wantsTextOnly(argc, argv)) {
    QCoreApplication textOnly(argc, argv);
    describeApplication();
    CommandLine cli;
    cli.parser.process(textOnly);  // prints and exits
    return 0;
  }
  QApplication app(argc, argv);
  describeApplication();
  QApplication::setApplicationDisplayName(QStringLiteral("Tributary"));
  QApplication::setDesktopFileName(QStringLiteral("org.tributary.Tributary"));

  CommandLine cli;
  QCommandLineParser& parser = cli.parser;
  const QCommandLineOption& open = cli.open;
  const QCommandLineOption& run = cli.run;
  const QCommandLineOption& screenshot = cli.screenshot;
  const QCommandLineOption& after = cli.after;
  const QCommandLineOption& quitAfter = cli.quitAfter;
  const QCommandLineOption& select = cli.select;
  const QCommandLineOption& theme = cli.theme;
  const QCommandLineOption& metricsListen = cli.metricsListen;
  const QCommandLineOption& showDock = cli.showDock;
  const QCommandLineOption& showTab = cli.showTab;
  parser.process(app);

  log::Options logOptions;
  log::init(logOptions);

  QString themeName = parser.value(theme);
  if (themeName.isEmpty()) themeName = qEnvironmentVariable("TRIBUTARY_THEME");
  widgets::ThemeMode mode =
      themeName.isEmpty() ? static_cast<widgets::ThemeMode>(QSettings().value(QStringLiteral("ui/theme"), 0).toInt())
                          : widgets::themeModeFromString(themeName);
  widgets::applyTheme(app, mode);

  QString file = parser.value(open);
  if (file.isEmpty() && !parser.positionalArguments().isEmpty()) file = parser.positionalArguments().first();
  const bool automated = parser.isSet(screenshot) || parser.isSet(quitAfter);

  widgets::MainWindow::Options options;
  options.interactive = !automated;
  // Stops the embedded broker after the window (declared below, so destroyed
  // first) has stopped its run, and before static destruction takes the logger away.
  struct BrokerStopper {
    ~BrokerStopper() { tributary::kafka::stopEmbeddedBroker(); }
  } brokerStopper;
  // The interface language: --language, else View → Language, else the system locale. Node
  // spec texts (titles, help, field labels) come from core in English; the
  // spec catalog of the language translates them for palette, canvas and inspector.
  const QString requested = parser.isSet(cli.language) ? parser.value(cli.language) : widgets::languageSetting();
  const QString language = widgets::resolveLanguage(requested);
  if (!requested.isEmpty() && language != requested)
    fail(QStringLiteral("no translation for language \"%1\"; using English").arg(requested));
  widgets::installTranslators(app, language);
  const model::SpecRegistry specs = widgets::SpecCatalog::forLanguage(language).translated(connectors::builtinSpecs());
  widgets::MainWindow window(specs, options);
  // Expressions are checked by the real parser as the user types.
  window.document()->setValidationOptions(connectors::defaultValidationOptions(false));
  // ... and the partition counts of topics feeding aggregates and joins against the cluster, in the background.
  new widgets::ClusterCheck(window.document(), connectors::builtinFactories().topicPartitions(), &window);
  auto* controller =
      new widgets::RunController(connectors::builtinFactories(), window.scene(), window.dataPreview(), &window);
  window.setRunController(controller);
  QString listen = parser.isSet(metricsListen) ? parser.value(metricsListen)
                                               : QSettings().value(QStringLiteral("metrics/listen")).toString();
  if (!listen.isEmpty()) {
    if (Status listening = controller->setMetricsListen(listen); !listening) {
      fail(QStringLiteral("--metrics-listen: %1").arg(widgets::toQt(listening.error().toString())));
      if (automated) return 2;
    } else {
      std::printf("metrics on %s\n", qPrintable(controller->metricsUrl()));
      std::fflush(stdout);
    }
  }
  window.show();
  if (parser.isSet(showDock)) {
    QString name = parser.value(showDock).toLower();
    auto* dock = window.findChild<QDockWidget*>(name + QStringLiteral("Dock"));
    if (!dock) {
      fail(QStringLiteral("--show-dock: no panel named %1").arg(name));
      return 2;
    }
    dock->show();
    dock->raise();
    // The bottom area gets most of the height so the panel can be read.
    window.resizeDocks({dock}, {window.height() * 3 / 5}, Qt::Vertical);
  }
  if (parser.isSet(showTab)) {
    const QString name = parser.value(showTab).toLower();
    const int index = name == QStringLiteral("designer") ? 0 : name == QStringLiteral("dashboard") ? 1 : -1;
    if (index < 0 || index >= window.mainTabs()->count()) {
      fail(QStringLiteral("--show-tab: no tab named %1 (designer, dashboard)").arg(name));
      return 2;
    }
    window.mainTabs()->setCurrentIndex(index);
  }

  int exitCode = 0;
  if (!file.isEmpty()) {
    if (Status opened = window.openFile(file); !opened) {
      fail(QStringLiteral("cannot open %1: %2").arg(file, widgets::toQt(opened.error().toString())));
      if (automated) return 2;
    }
  } else {
    QSettings settings;
    if (!settings.value(QStringLiteral("firstStartDone")).toBool() || automated) window.openDemo();
    settings.setValue(QStringLiteral("firstStartDone"), true);
  }
  if (!automated) QTimer::singleShot(0, &window, [&window] { window.offerRecovery(); });
  if (parser.isSet(select)) {
    QString item = parser.value(select);
    QTimer::singleShot(100, &window, [&window, item] { window.selectByName(item); });
  }
  if (parser.isSet(run)) QTimer::singleShot(300, &window, [&window] { window.startRun(); });

  if (parser.isSet(screenshot)) {
    long long delay = durationMs(parser.value(after));
    if (delay < 0) {
      fail(QStringLiteral("--after wants a duration such as 2s or 500ms"));
      return 2;
    }
    QString path = parser.value(screenshot);
    QTimer::singleShot(static_cast<int>(delay), &window, [&window, path, &exitCode] {
      if (!window.grab().save(path)) {
        fail(QStringLiteral("cannot write %1").arg(path));
        exitCode = 1;
      } else {
        std::printf("screenshot: %s\n", qPrintable(path));
        std::fflush(stdout);
      }
    });
  }
  if (parser.isSet(quitAfter)) {
    long long delay = durationMs(parser.value(quitAfter));
    if (delay < 0) {
      fail(QStringLiteral("--quit-after wants a duration such as 3s"));
      return 2;
    }
    QTimer::singleShot(static_cast<int>(delay), &window, [&window] {
      window.close();
      QApplication::quit();
    });
  }
  int code = app.exec();
  return code ? code : exitCode;
}
