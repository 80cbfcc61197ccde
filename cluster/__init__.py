"""Several replicas of the app behind HAProxy, kept running by supervisord.

``python -m cluster start`` writes the configuration into a state folder (``.cluster/`` by
default), starts supervisord (which runs the replicas and the balancer and restarts any that
die) and returns once every replica answers through the balancer. ``python -m cluster stop``
ends exactly the processes whose pid files it wrote.
"""
