/* SPDX-License-Identifier: MIT */
/* linux/topology.h - the node of a CPU: always node 0. */
#ifndef _ZSK_LINUX_TOPOLOGY_H
#define _ZSK_LINUX_TOPOLOGY_H

#include <linux/numa.h>

#define numa_node_id() 0
#define numa_mem_id() 0
#define cpu_to_node(cpu) 0
#define dev_to_node(dev) NUMA_NO_NODE
#define first_online_node 0
#define first_memory_node 0
#define node_online(node) ((node) == 0)
#define num_online_nodes() 1
#define nr_node_ids 1
#define for_each_online_node(node) for ((node) = 0; (node) < 1; (node)++)
#define for_each_node(node) for_each_online_node(node)
#define for_each_node_state(node, state) for_each_online_node(node)

#endif
