/// The job-array script `sweep submit --slurm` writes to `slurm/array.sh` in the sweep folder.
///
/// It holds no sweep value and no path: `sbatch` passes the sweep folder, the executable and the
/// points per task as the script's arguments, and task `t` runs points `t·M … t·M + M − 1` with
/// `poisson-hybrid sweep point DIR INDEX`, which reads the point's overrides from
/// `DIR/sweep.json`. A value such as `$(touch pwned)` in a sweep file is therefore data handed
/// to a process as one argument, never shell text. Each task writes only its own points'
/// folders and logs, so tasks on different nodes of a shared filesystem never write one file.
public enum SlurmArrayScript {
    /// The script's text (fixed: the same for every sweep).
    public static let text = """
        #!/bin/bash
        # A poisson-hybrid sweep as a SLURM job array, written by `poisson-hybrid sweep submit --slurm`.
        # Arguments: SWEEP_FOLDER EXECUTABLE POINTS_PER_TASK. Task t runs points t*M .. t*M+M-1 with
        # `EXECUTABLE sweep point SWEEP_FOLDER INDEX`, which reads the point from SWEEP_FOLDER/sweep.json;
        # no value of the sweep appears in this script.
        set -u
        folder=$1
        executable=$2
        per_task=$3
        task=${SLURM_ARRAY_TASK_ID:?run this script as a SLURM array task (sbatch --array)}
        status=0
        for ((i = task * per_task; i < (task + 1) * per_task; i++)); do
          "$executable" sweep point "$folder" "$i" || status=1
        done
        exit "$status"

        """

    /// The `sbatch` arguments that submit `tasks` array tasks of the script at `script`.
    public static func sbatchArguments(script: String, folder: String, executable: String, tasks: Int, perTask: Int,
                                       throttle: Int?, partition: String?, time: String?, threads: Int, logDirectory: String,
                                       wait: Bool) -> [String] {
        var arguments = ["--parsable", "--array=0-\(tasks - 1)" + (throttle.map { "%\($0)" } ?? ""),
                         "--cpus-per-task=\(threads)", "--output=\(logDirectory)/task_%A_%a.log", "--job-name=poisson-hybrid-sweep"]
        if let partition { arguments.append("--partition=\(partition)") }
        if let time { arguments.append("--time=\(time)") }
        if wait { arguments.append("--wait") }
        return arguments + [script, folder, executable, String(perTask)]
    }
}
