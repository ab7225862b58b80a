/**
 * What the job knows of the cluster manager it runs under: the container sizes YARN (or Kubernetes) enforces, and how
 * to explain an executor it killed.
 */
package org.sparklstm.job.cluster;
