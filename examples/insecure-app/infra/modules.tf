# A local module is checked once per call, with that call's inputs: the jobs queue is
# unencrypted because this call turns encryption off; the events queue keeps the default.
module "jobs_queue" {
  source    = "./modules/queue"
  name      = "acme-jobs"
  encrypted = false
}

module "events_queue" {
  source = "./modules/queue"
  name   = "acme-events"
}
