-- One database per node (run once by the postgres image on its first start).
CREATE DATABASE node1;
CREATE DATABASE node2;
CREATE DATABASE node3;
