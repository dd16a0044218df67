// Build-time tool: renders the app's SVG icon to the PNG sizes the hicolor
// icon theme expects, so the package carries crisp bitmaps without a second
// copy of the artwork in the tree.
//   tributary_render_icon IN.svg OUT_DIR SIZE...   (writes OUT_DIR/SIZExSIZE.png)

#include <cstdio>
#include <cstdlib>

#include <QCoreApplication>
#include <QDir>
#include <QImage>
#include <QPainter>
#include <QString>
#include <QSvgRenderer>

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s IN.svg OUT_DIR SIZE...\n", argv[0]);
    return 2;
  }
  QSvgRenderer renderer(QString::fromLocal8Bit(argv[1]));
  if (!renderer.isValid()) {
    std::fprintf(stderr, "%s: %s is not a readable SVG file\n", argv[0], argv[1]);
    return 1;
  }
  const QDir out(QString::fromLocal8Bit(argv[2]));
  if (!out.mkpath(QStringLiteral("."))) {
    std::fprintf(stderr, "%s: cannot create %s\n", argv[0], argv[2]);
    return 1;
  }
  for (int i = 3; i < argc; ++i) {
    const int size = std::atoi(argv[i]);
    if (size <= 0 || size > 4096) {
      std::fprintf(stderr, "%s: '%s' is not an icon size\n", argv[0], argv[i]);
      return 2;
    }
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    renderer.render(&painter);
    painter.end();
    const QString file = out.filePath(QStringLiteral("%1x%1.png").arg(size));
    if (!image.save(file, "PNG")) {
      std::fprintf(stderr, "%s: cannot write %s\n", argv[0], qPrintable(file));
      return 1;
    }
  }
  return 0;
}
