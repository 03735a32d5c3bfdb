#!/usr/bin/env python3
"""Checks the Airflow DAG without Airflow (not installable here): parses it with ast and compares its
SparkSubmitOperator arguments with the conventions of submit/yarn.sh and submit/jvm-options.

    /usr/bin/python3 submit/airflow/test_dag.py       # exit 0 when consistent
"""
import ast
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def literal(node, names):
    """Evaluates constants, dicts, lists and names bound to constants at module level."""
    if isinstance(node, ast.Name) and node.id in names:
        return names[node.id]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return literal(node.left, names) + literal(node.right, names)
    if isinstance(node, ast.Dict):
        return {literal(k, names): literal(v, names) for k, v in zip(node.keys, node.values)}
    if isinstance(node, ast.List):
        return [literal(e, names) for e in node.elts]
    return ast.literal_eval(node)


class DagTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(os.path.join(HERE, "celeba_dcgan_dag.py")) as f:
            cls.tree = ast.parse(f.read())
        cls.names = {}
        for node in cls.tree.body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                try:
                    cls.names[node.targets[0].id] = literal(node.value, cls.names)
                except (ValueError, KeyError, TypeError):
                    pass
        cls.operators = {}
        for node in ast.walk(cls.tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("SparkSubmitOperator",
                                                                              "PythonOperator"):
                kw = {k.arg: k.value for k in node.keywords}
                cls.operators[literal(kw["task_id"], cls.names)] = (node.func.id, kw)
        with open(os.path.join(ROOT, "submit", "yarn.sh")) as f:
            cls.yarn = f.read()
        with open(os.path.join(ROOT, "submit", "jvm-options")) as f:
            cls.jvm = " ".join(f.read().split())

    def arg(self, task, name):
        return literal(self.operators[task][1][name], self.names)

    def test_train_task_submits_the_main_class_with_the_train_subcommand(self):
        self.assertEqual(self.operators["train"][0], "SparkSubmitOperator")
        self.assertEqual(self.arg("train", "java_class"), "org.celebadcgan.cli.Main")
        self.assertTrue(self.arg("train", "application").endswith("target-cluster/celeba-dcgan-spark-cluster.jar"))
        args = self.arg("train", "application_args")
        self.assertEqual(args[:2], ["train", "--config"])
        self.assertTrue(args[2].endswith("conf/cluster-gpu.conf"))

    def test_gpu_settings_match_the_yarn_launcher(self):
        conf = self.arg("train", "conf")
        for key in ("spark.executor.resource.gpu.amount", "spark.task.resource.gpu.amount",
                    "spark.executor.resource.gpu.discoveryScript"):
            self.assertIn(key + "=" + conf[key], self.yarn, key)
        self.assertTrue(self.arg("train", "files").endswith("conf/getGpusResources.sh"))
        self.assertIn("getGpusResources.sh", self.yarn)

    def test_java17_options_are_the_launchers(self):
        conf = self.arg("train", "conf")
        self.assertEqual(conf["spark.driver.extraJavaOptions"], self.jvm)
        self.assertEqual(conf["spark.executor.extraJavaOptions"], self.jvm)

    def test_executor_resources_and_publish_step(self):
        self.assertGreater(self.arg("train", "num_executors"), 0)
        self.assertGreater(self.arg("train", "executor_cores"), 0)
        self.assertEqual(self.operators["publish_latest_grid"][0], "PythonOperator")
        self.assertTrue(any(isinstance(n, ast.BinOp) and isinstance(n.op, ast.RShift) for n in ast.walk(self.tree)),
                        "train >> publish")


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=1).result
    sys.exit(0 if result.wasSuccessful() and result.testsRun > 0 else 1)
