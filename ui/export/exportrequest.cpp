#include "exportrequest.h"

#include <QFileInfo>
#include <QRegularExpression>

namespace attn::ui {

QStringList exportViewNames()
{
    return {QStringLiteral("heatmap"), QStringLiteral("heads"), QStringLiteral("flow"), QStringLiteral("arc"),
            QStringLiteral("steps"), QStringLiteral("model"), QStringLiteral("rollout")};
}

QString exportViewForPath(const QString &path)
{
    static const QRegularExpression separators(QStringLiteral("[^\\p{L}]+"));
    const QStringList words = QFileInfo(path).completeBaseName().toLower().split(separators, Qt::SkipEmptyParts);
    if (!words.isEmpty() && exportViewNames().contains(words.back()))
        return words.back();
    return QStringLiteral("heatmap");
}

} // namespace attn::ui
