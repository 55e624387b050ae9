#!/usr/bin/env bash
# Reproduces the 3-seed result runs behind docs/algorithms/results.md, then draws the curves.
#
#   mvn -B -q package -DskipTests -pl examples -am
#   examples/scripts/results.sh [RUNS_DIR] [offpolicy|pets|optimizers|updates|all]   (default: runs/results all)
#
# Runs are sequential and single-threaded (MBRL4J_THREADS=1 unless set: OpenBLAS's second thread costs
# far more than it gives when other jobs share the cores, docs/performance.md "Threads"); start two
# copies with different parts to use two cores. A finished run (its folder has DONE) is skipped,
# so the script can be stopped and restarted; an unfinished one starts over (--overwrite).
# Wall time on a 2-core AMD EPYC: SAC/TD3 20k steps 2-7 min
# (8-12 min with the 2 x 256 swing-up presets), MBPO 5k steps 7-17 min, STEVE 5-6k steps 7-25 min, PETS
# 5 trials 5-15 min per run. The SMALL presets are per environment (SacConfig.small(envId), ...), so the
# CartPoleSwingUp-v0 runs use the swing-up presets. (The documented STEVE seed 0 on Pendulum-v1 ran 8000
# steps; seeds 1 and 2 ran 5000.)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
runs="${1:-runs/results}"
part="${2:-all}"
mkdir -p "$runs"
export MBRL4J_THREADS="${MBRL4J_THREADS:-1}"

run() { # name, then the mbrl4j arguments
  local name="$1"; shift
  if [ -f "$runs/$name/DONE" ]; then return; fi
  echo "== $name: mbrl4j $*"
  "$root/mbrl4j" "$@" --overwrite --out "$runs/$name" > "$runs/$name.log" 2>&1
  touch "$runs/$name/DONE"
}

if [ "$part" = offpolicy ] || [ "$part" = all ]; then
  for env in Pendulum-v1 CartPoleSwingUp-v0; do
    short=$([ "$env" = Pendulum-v1 ] && echo pendulum || echo swingup)
    for seed in 0 1 2; do
      run "sac-$short-s$seed" sac --env "$env" --steps 20000 --random-steps 500 --eval-every 1 --seed "$seed"
      run "td3-$short-s$seed" td3 --env "$env" --steps 20000 --random-steps 500 --eval-every 1 --seed "$seed"
      run "mbpo-$short-s$seed" mbpo --env "$env" --steps 5000 --random-steps 200 --eval-every 1 --seed "$seed"
      steve_steps=$([ "$env" = Pendulum-v1 ] && echo 5000 || echo 6000)
      run "steve-$short-s$seed" steve --env "$env" --steps "$steve_steps" --random-steps 500 --eval-every 1 --seed "$seed"
    done
    "$root/mbrl4j" compare --overwrite --out "$runs/curves-$short" --at 1000,2000,3000,4000,5000,10000,20000 --title "$env" \
      "sac=$runs/sac-$short-s*" "td3=$runs/td3-$short-s*" "mbpo=$runs/mbpo-$short-s*" "steve=$runs/steve-$short-s*"
  done
fi

if [ "$part" = pets ] || [ "$part" = all ]; then
  for env in CartPoleSwingUp-v0 Pendulum-v1; do
    short=$([ "$env" = Pendulum-v1 ] && echo pendulum || echo swingup)
    for seed in 0 1 2; do
      run "pets-$short-s$seed" pets --env "$env" --trials 5 --gif-width 0 --seed "$seed"
    done
    "$root/mbrl4j" compare --overwrite --out "$runs/curves-pets-$short" --metric return --x episode --title "PETS on $env" \
      "pets=$runs/pets-$short-s*"
  done
fi

if [ "$part" = optimizers ] || [ "$part" = all ]; then
  for env in CartPoleContinuous-v0 CartPoleSwingUp-v0 Pendulum-v1; do
    short=$(case "$env" in Pendulum-v1) echo pendulum;; CartPoleSwingUp-v0) echo swingup;; *) echo cartpole;; esac)
    # Seed 0 on every task; seeds 1 and 2 too on the swing-up, the task that separates the optimisers.
    seeds=$([ "$short" = swingup ] && echo "0 1 2" || echo 0)
    args=()
    for opt in cem icem mppi random-shooting gradient hybrid; do
      dirs=""
      for seed in $seeds; do
        name="pets-opt-$short-$opt-s$seed"
        if [ "$opt" = cem ] && [ "$short" != cartpole ]; then name="pets-$short-s$seed"; fi # the PETS runs above
        run "$name" pets --env "$env" --trials 4 --gif-width 0 --seed "$seed" --optimizer "$opt"
        dirs="${dirs:+$dirs,}$runs/$name"
      done
      args+=("$opt=$dirs")
    done
    "$root/mbrl4j" compare --overwrite --out "$runs/curves-optimizers-$short" --metric return --x episode \
      --title "PETS optimisers on $env (seeds $seeds)" "${args[@]}"
  done
fi

# STEVE and TD3 at 5 updates per environment step (the presets take 1), and DDPG on the small preset.
if [ "$part" = updates ] || [ "$part" = all ]; then
  for seed in 0 1 2; do
    run "steve-u5-pendulum-s$seed" steve --env Pendulum-v1 --steps 4000 --random-steps 500 --eval-every 1 --seed "$seed" --updates-per-step 5
    run "td3-u5-pendulum-s$seed" td3 --env Pendulum-v1 --steps 4000 --random-steps 500 --eval-every 1 --seed "$seed" --updates-per-step 5
    run "ddpg-pendulum-s$seed" td3 --ddpg --env Pendulum-v1 --steps 20000 --random-steps 500 --eval-every 1 --seed "$seed"
  done
  "$root/mbrl4j" compare --overwrite --out "$runs/curves-updates-pendulum" --at 1000,1500,2000,2500,3000,4000 --threshold -200 \
    --title "Pendulum-v1, 5 updates per step" "steve-u5=$runs/steve-u5-pendulum-s*" "td3-u5=$runs/td3-u5-pendulum-s*"
fi
