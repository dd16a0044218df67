#pragma once
// runAsync: the one way widgets run blocking work (HTTP calls to runners,
// file I/O) off the GUI thread. `work` runs on a thread of `pool`; `done`
// then runs on `receiver`'s thread (the GUI thread) with work's result, the
// same shape as ClusterSession::call. `done` is dropped if `receiver` is
// destroyed before it runs.
//
// Contract: the pool's tasks end before `receiver` is destroyed — the
// receiver owns the pool and waits for it (QThreadPool::waitForDone) in its
// destructor — so posting to the receiver from a pool thread is safe.
// Header-only; call from the receiver's thread.

#include <memory>
#include <type_traits>
#include <utility>

#include <QMetaObject>
#include <QObject>
#include <QThreadPool>

namespace tributary::widgets {

template <class Work, class Done>
void runAsync(QThreadPool& pool, QObject* receiver, Work work, Done done) {
  using R = std::invoke_result_t<Work&>;
  pool.start([receiver, work = std::move(work), done = std::move(done)]() mutable {
    if constexpr (std::is_void_v<R>) {
      work();
      QMetaObject::invokeMethod(receiver, std::move(done), Qt::QueuedConnection);
    } else {
      // Shared: the queued functor must be copyable, a result may not be.
      auto result = std::make_shared<R>(work());
      QMetaObject::invokeMethod(
          receiver, [done = std::move(done), result]() mutable { done(std::move(*result)); }, Qt::QueuedConnection);
    }
  });
}

}  // namespace tributary::widgets
