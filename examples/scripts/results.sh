#!/usr/bin/env bash
# Reproduces the 3-seed result runs behind docs/algorithms/*.md and redraws their curves in
# docs/images/results (curves.png, curves.csv and summary.md per folder, written by `mbrl4j compare`).
#
#   mvn -B -q package -DskipTests -pl examples -am
#   examples/scripts/results.sh [--smoke] [--seeds "0 1 2"] [--images DIR] [RUNS_DIR] [PART]
#
# RUNS_DIR   where the runs go (default runs/results); each run is a folder RUNS_DIR/NAME with its log
#            beside it (RUNS_DIR/NAME.log).
# PART       offpolicy  SAC, TD3, MBPO, STEVE on Pendulum-v1 and CartPoleSwingUp-v0, DDPG on Pendulum-v1
#                       -> images pendulum/ and swingup/
#            pets       PETS (--budget reduced, 4 trials) on CartPoleContinuous-v0, CartPoleSwingUp-v0 and
#                       Pendulum-v1 -> images pets/
#            optimizers PETS with each trajectory optimiser, on the three PETS tasks (the cem runs are the
#                       pets part's) -> images optimizers-cartpole/, optimizers-swingup/, optimizers-pendulum/
#            updates    TD3 and STEVE on Pendulum-v1 at 1 (5,000 steps), 5 and 10 updates per step (3,000
#                       steps), and STEVE with the known reward at 10 -> images steve-utd10/
#            all        every part, in this order (the default)
# --seeds    the seeds of every run (default "0 1 2")
# --images   where the curves go (default docs/images/results; with --smoke, RUNS_DIR/images)
# --smoke    a tiny budget (a few hundred steps, one planned PETS trial, two optimisers) that checks the
#            whole pipeline in minutes; its curves mean nothing.
#
# Runs are sequential and single-threaded (MBRL4J_THREADS=1 unless set: OpenBLAS's second thread costs
# far more than it gives when other jobs share the cores, docs/performance.md "Threads"); start two
# copies with different parts (and the same RUNS_DIR) to use two cores, the optimizers part after the
# pets part. A finished run (its folder has DONE) is skipped, so the script can be stopped and restarted;
# an unfinished one starts over (--overwrite). Wall time on 2 cores at the full budget: SAC/TD3 20k steps
# 2-12 min, MBPO 5k steps 7-17 min, STEVE 5-6k steps 7-25 min, PETS 4 trials 1-5 min per run; about
# 4 hours of CPU for every part.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
smoke=0
seeds="0 1 2"
images=""
positional=()
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) smoke=1 ;;
    --seeds) seeds="$2"; shift ;;
    --images) images="$2"; shift ;;
    -h|--help) sed -n '2,30p' "$0"; exit 0 ;;
    -*) echo "unknown option: $1 (expected --smoke, --seeds, --images)" >&2; exit 64 ;;
    *) positional+=("$1") ;;
  esac
  shift
done
runs="${positional[0]:-runs/results}"
part="${positional[1]:-all}"
case "$part" in
  offpolicy|pets|optimizers|updates|all) ;;
  *) echo "unknown part: $part (expected offpolicy, pets, optimizers, updates or all)" >&2; exit 64 ;;
esac
if [ -z "$images" ]; then
  images=$([ "$smoke" = 1 ] && echo "$runs/images" || echo "$root/docs/images/results")
fi
mkdir -p "$runs" "$images"
images="$(cd "$images" && pwd)"
export MBRL4J_THREADS="${MBRL4J_THREADS:-1}"

# Budgets: the documented ones, or the smoke test's.
if [ "$smoke" = 1 ]; then
  offpolicy_steps=400; model_steps=400; steve_swingup_steps=400; updates_steps=400; updates_steps_u1=400
  random_steps=200; model_random_steps=200; pets_trials=2; optimizers="cem random-shooting"
  pendulum_at=200,400; swingup_at=200,400; updates_at=200,400
else
  offpolicy_steps=20000; model_steps=5000; steve_swingup_steps=6000; updates_steps=3000; updates_steps_u1=5000
  random_steps=500; model_random_steps=200; pets_trials=4; optimizers="cem icem mppi random-shooting gradient hybrid"
  pendulum_at=1000,2000,3000,4000,5000,10000,20000; swingup_at=1000,2000,3000,4000,5000,6000,10000,15000,20000
  updates_at=1000,1600,2000,3000,5000
fi
n_seeds=$(echo $seeds | wc -w)

run() { # name, then the mbrl4j arguments
  local name="$1"; shift
  if [ -f "$runs/$name/DONE" ]; then return; fi
  echo "== $name: mbrl4j $*"
  "$root/mbrl4j" "$@" --overwrite --out "$runs/$name" > "$runs/$name.log" 2>&1
  touch "$runs/$name/DONE"
}

# From inside RUNS_DIR, so that summary.md names the runs by their folder names alone.
compare() { # image folder, then the compare arguments
  local folder="$1"; shift
  echo "== curves: $images/$folder"
  (cd "$runs" && "$root/mbrl4j" compare --overwrite --out "$images/$folder" "$@" > "curves-$folder.log" 2>&1)
}

# The seeds' run folders (relative to RUNS_DIR) of a run name with SEED in place of the seed: x-s0,x-s1,...
folders() {
  local pattern="$1" list="" seed
  for seed in $seeds; do list="${list:+$list,}${pattern//SEED/$seed}"; done
  echo "$list"
}

short_name() {
  case "$1" in Pendulum-v1) echo pendulum ;; CartPoleSwingUp-v0) echo swingup ;; *) echo cartpole ;; esac
}

if [ "$part" = offpolicy ] || [ "$part" = all ]; then
  for env in Pendulum-v1 CartPoleSwingUp-v0; do
    short=$(short_name "$env")
    steve_steps=$([ "$env" = Pendulum-v1 ] && echo "$model_steps" || echo "$steve_swingup_steps")
    for seed in $seeds; do
      run "sac-$short-s$seed" sac --env "$env" --steps "$offpolicy_steps" --random-steps "$random_steps" \
        --eval-every 1 --seed "$seed"
      run "td3-$short-s$seed" td3 --env "$env" --steps "$offpolicy_steps" --random-steps "$random_steps" \
        --eval-every 1 --seed "$seed"
      if [ "$env" = Pendulum-v1 ]; then
        run "ddpg-$short-s$seed" td3 --ddpg --env "$env" --steps "$offpolicy_steps" \
          --random-steps "$random_steps" --eval-every 1 --seed "$seed"
      fi
      run "mbpo-$short-s$seed" mbpo --env "$env" --steps "$model_steps" --random-steps "$model_random_steps" \
        --eval-every 1 --seed "$seed"
      run "steve-$short-s$seed" steve --env "$env" --steps "$steve_steps" --random-steps "$random_steps" \
        --eval-every 1 --seed "$seed"
    done
    if [ "$env" = Pendulum-v1 ]; then
      compare pendulum --at "$pendulum_at" --threshold -200 --title "Pendulum-v1 (evaluation return, $n_seeds seeds)" \
        "sac=$(folders sac-pendulum-sSEED)" "td3=$(folders td3-pendulum-sSEED)" "ddpg=$(folders ddpg-pendulum-sSEED)" \
        "mbpo=$(folders mbpo-pendulum-sSEED)" "steve=$(folders steve-pendulum-sSEED)"
    else
      compare swingup --at "$swingup_at" --threshold 100 \
        --title "CartPoleSwingUp-v0 (evaluation return, $n_seeds seeds)" \
        "sac=$(folders sac-swingup-sSEED)" "td3=$(folders td3-swingup-sSEED)" "mbpo=$(folders mbpo-swingup-sSEED)" \
        "steve=$(folders steve-swingup-sSEED)"
    fi
  done
fi

pets_tasks="CartPoleContinuous-v0 CartPoleSwingUp-v0 Pendulum-v1"

if [ "$part" = pets ] || [ "$part" = all ]; then
  args=()
  for env in $pets_tasks; do
    short=$(short_name "$env")
    for seed in $seeds; do
      run "pets-$short-s$seed" pets --env "$env" --trials "$pets_trials" --gif-width 0 --seed "$seed"
    done
    args+=("$env=$(folders "pets-$short-sSEED")")
  done
  compare pets --metric return --x episode --title "PETS (return per trial, trial 0 random, $n_seeds seeds)" \
    "${args[@]}"
fi

if [ "$part" = optimizers ] || [ "$part" = all ]; then
  for env in $pets_tasks; do
    short=$(short_name "$env")
    args=()
    for opt in $optimizers; do
      # cem is the pets part's runs
      name=$([ "$opt" = cem ] && echo "pets-$short-sSEED" || echo "pets-opt-$short-$opt-sSEED")
      for seed in $seeds; do
        run "${name//SEED/$seed}" pets --env "$env" --trials "$pets_trials" --gif-width 0 --seed "$seed" \
          --optimizer "$opt"
      done
      args+=("$opt=$(folders "$name")")
    done
    compare "optimizers-$short" --metric return --x episode \
      --title "PETS optimisers on $env ($n_seeds seeds)" "${args[@]}"
  done
fi

if [ "$part" = updates ] || [ "$part" = all ]; then
  args=()
  for u in 1 5 10; do
    steps=$([ "$u" = 1 ] && echo "$updates_steps_u1" || echo "$updates_steps")
    for seed in $seeds; do
      run "td3-u$u-pendulum-s$seed" td3 --env Pendulum-v1 --steps "$steps" --random-steps "$random_steps" \
        --eval-every 1 --updates-per-step "$u" --seed "$seed"
      run "steve-u$u-pendulum-s$seed" steve --env Pendulum-v1 --steps "$steps" \
        --random-steps "$random_steps" --eval-every 1 --updates-per-step "$u" --seed "$seed"
    done
    args+=("td3-u$u=$(folders "td3-u$u-pendulum-sSEED")" "steve-u$u=$(folders "steve-u$u-pendulum-sSEED")")
  done
  for seed in $seeds; do
    run "steve-known-reward-u10-pendulum-s$seed" steve --env Pendulum-v1 --steps "$updates_steps" \
      --random-steps "$random_steps" --eval-every 1 --updates-per-step 10 --known-reward --seed "$seed"
  done
  args+=("steve-known-reward-u10=$(folders steve-known-reward-u10-pendulum-sSEED)")
  compare steve-utd10 --at "$updates_at" --threshold -200 \
    --title "Pendulum-v1: TD3 and STEVE at 1, 5 and 10 updates per step ($n_seeds seeds)" "${args[@]}"
fi
