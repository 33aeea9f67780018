#pragma once

#include <QSettings>
#include <QString>
#include <QStringList>

namespace attn::ui {

// A most-recent-first list of paths kept in the settings under one key: sessions (File ▸ Open
// Recent) and models (Model ▸ Open Recent Model).
class RecentPaths
{
public:
    RecentPaths(QString settingsKey, int maxCount) : m_key(std::move(settingsKey)), m_max(maxCount) {}

    QStringList paths() const { return QSettings().value(m_key).toStringList(); }

    // Puts `path` first, without repeating it, and drops the oldest beyond the maximum.
    void add(const QString &path) const
    {
        QStringList list = paths();
        list.removeAll(path);
        list.prepend(path);
        while (list.size() > m_max)
            list.removeLast();
        QSettings().setValue(m_key, list);
    }

private:
    QString m_key;
    int m_max;
};

} // namespace attn::ui
